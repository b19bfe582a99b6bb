/**
 * 送达 (SPEC §10): a document of the case, or a file of its case file, served on the applicants
 * (each of them) or on the employer. By SMS link the service date is the moment the person first
 * opens the link; in person or by post, the moment staff say.
 */
import { FILE_KIND_LABELS } from '../../../domain/caseFile.js';
import { get } from '../../api';
import { localToIso, nowLocal } from '../../format';
import { SERVICE_CHANNEL_NAMES } from '../../i18n';
import type { CaseDocumentEntry, CaseFile } from '../../types';
import { optionsOf, Select, TextField, useLoad } from '../ui';
import type { ActionForm, FieldsProps } from './form';

function ServeFields({ form, ctx, onError }: FieldsProps) {
  const d = ctx.detail;
  const docs = useLoad(() => get<{ items: CaseDocumentEntry[] }>(`/cases/${d.id}/documents`).catch((e) => (onError(e), { items: [] })), [d.id, d.version]);
  const files = useLoad(() => get<{ items: CaseFile[] }>(`/cases/${d.id}/files`).catch((e) => (onError(e), { items: [] })), [d.id]);
  const choices = [
    ...(docs.data?.items ?? []).filter((x) => x.available && x.type !== 'service_receipt').map((x) => ({ value: `doc:${x.type}`, label: `文书：${x.title}` })),
    ...(files.data?.items ?? []).filter((f) => !f.withdrawnAt && !f.internal).map((f) => ({ value: `file:${f.id}`, label: `材料：${FILE_KIND_LABELS[f.kind]}（${f.name}）` })),
  ];
  const to = form.text('to');
  const channel = form.text('channel');
  const noPhone = to === 'applicants' ? d.applicants.filter((a) => !a.phone).map((a) => a.name) : [];
  const noRepresentative = to === 'respondent' && !d.respondents.length;
  return (
    <>
      <Select
        label="送达什么"
        name="documentType"
        value={form.text('what')}
        onValue={form.set('what')}
        placeholder={docs.loading || files.loading ? '正在加载…' : '请选择'}
        options={choices}
        error={form.problems.documentType ?? form.problems.fileId}
        help="本案的文书，或“材料与文书”中上传的材料（如裁决书）"
      />
      <Select
        label="送达给谁"
        name="to"
        value={to}
        onValue={form.set('to')}
        options={[
          { value: 'applicants', label: d.applicants.length > 1 ? `申请人（每人一份，共${d.applicants.length}人）` : `申请人：${d.applicants[0]?.name ?? ''}` },
          { value: 'respondent', label: `用人单位：${d.respondent.name}` },
        ]}
        error={form.problems.to}
      />
      <Select
        label="送达方式"
        name="channel"
        value={channel}
        onValue={form.set('channel')}
        options={optionsOf(SERVICE_CHANNEL_NAMES)}
        error={form.problems.channel}
        help={
          channel === 'sms_link'
            ? noRepresentative
              ? '用人单位还没有受邀的代表：短信送达要先邀请单位代表，或改为当面、邮寄送达'
              : noPhone.length
                ? `${noPhone.slice(0, 3).join('、')}${noPhone.length > 3 ? '等' : ''}没有登记手机号，不能短信送达`
                : '向对方手机发送链接；对方第一次打开链接之时即为送达之时，送达日期会显示在这里'
            : undefined
        }
      />
      {channel !== 'sms_link' ? (
        <TextField
          label="送达时间"
          name="servedAt"
          type="datetime-local"
          max={nowLocal()}
          value={form.text('servedAt')}
          onValue={form.set('servedAt')}
          error={form.problems.servedAt}
          help={channel === 'post' ? '对方签收邮件的时间（以回执为准）' : '当面交给对方的时间'}
        />
      ) : null}
    </>
  );
}

export const serve: ActionForm = {
  initial: () => ({ to: 'applicants', channel: 'sms_link', servedAt: nowLocal() }),
  Fields: ServeFields,
  read: (form, _ctx, problems) => {
    const what = form.text('what');
    if (!what) problems.documentType = '请选择要送达的文书或材料';
    const [kind, ref] = [what.slice(0, what.indexOf(':')), what.slice(what.indexOf(':') + 1)];
    const channel = form.text('channel');
    const body: Record<string, unknown> = { to: form.text('to'), channel, ...(kind === 'doc' ? { documentType: ref } : kind === 'file' ? { fileId: ref } : {}) };
    if (channel !== 'sms_link') {
      const at = form.text('servedAt');
      if (!at) problems.servedAt = '请填写送达时间';
      else if (at > nowLocal()) problems.servedAt = '不能晚于现在';
      else body.servedAt = localToIso(at);
    }
    return body;
  },
};
