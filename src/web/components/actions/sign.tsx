/**
 * 签署协议 (SPEC §10). A party signs the settlement with a code sent to their own phone (purpose
 * sign); staff record a signature made on paper in front of them, with the scan if they have one.
 * The settlement takes effect once every applicant and the employer have signed (《人民调解法》第二十九条).
 */
import { FILE_KIND_LABELS } from '../../../domain/caseFile.js';
import { get } from '../../api';
import { maskPhone } from '../../format';
import type { CaseFile } from '../../types';
import { CodeField, codeProblem } from '../PhoneCode';
import { Select, useLoad } from '../ui';
import type { ActionForm, FieldsProps } from './form';

function PartySign({ form, ctx }: FieldsProps) {
  const phone = ctx.me.phone ?? '';
  return (
    <>
      <p class="help">请先读完上面的协议内容。签署后协议内容不能再修改；申请人和用人单位都签署后，协议生效。</p>
      <CodeField
        purpose="sign"
        phone={phone}
        phoneProblem="你的账号没有手机号，收不到验证码；请联系调解员当面签字"
        onPhoneProblem={(m) => form.patch({ phoneProblem: m })}
        value={form.text('code')}
        onValue={form.set('code')}
        error={form.problems.code ?? (form.text('phoneProblem') || undefined)}
        help={phone ? `验证码会发到你的手机 ${maskPhone(phone)}` : undefined}
      />
    </>
  );
}

function StaffSign({ form, ctx, onError }: FieldsProps) {
  const d = ctx.detail;
  const waiting = d.agreement?.awaitingSignature ?? { applicants: [], respondent: false };
  const files = useLoad(() => get<{ items: CaseFile[] }>(`/cases/${d.id}/files`).catch((e) => (onError(e), { items: [] })), [d.id]);
  const options = [
    ...(waiting.respondent ? [{ value: 'respondent', label: `用人单位：${d.respondent.name}` }] : []),
    ...waiting.applicants.map((i) => ({ value: `applicant:${i}`, label: `申请人：${d.applicants[i]?.name ?? ''}` })),
  ];
  const scans = (files.data?.items ?? []).filter((f) => !f.withdrawnAt && !f.internal);
  return (
    <>
      <Select label="当面签字的一方" name="party" value={form.text('who')} onValue={form.set('who')} placeholder="请选择" options={options} error={form.problems.party ?? form.problems.inPerson ?? form.problems.applicantIndex} />
      <Select
        label="签字的协议扫描件"
        optional
        name="fileId"
        value={form.text('fileId')}
        onValue={form.set('fileId')}
        placeholder={files.loading ? '正在加载材料…' : '不附'}
        options={scans.map((f) => ({ value: f.id, label: `${FILE_KIND_LABELS[f.kind]}：${f.name}` }))}
        error={form.problems.fileId}
        help="可先在“材料与文书”中上传签字后的协议（类型选“签字的协议”）"
      />
    </>
  );
}

export const sign: ActionForm = {
  Fields: (props) => (props.ctx.party ? <PartySign {...props} /> : <StaffSign {...props} />),
  read: (form, ctx, problems) => {
    if (ctx.party) {
      const code = form.text('code');
      const p = codeProblem(code);
      if (p) problems.code = p;
      return { code };
    }
    const who = form.text('who');
    if (!who) problems.party = '请选择当面签字的一方';
    const fileId = form.text('fileId');
    const [party, index] = who.split(':');
    return { party: party || undefined, inPerson: true, ...(index !== undefined ? { applicantIndex: Number(index) } : {}), ...(fileId ? { fileId } : {}) };
  },
};
