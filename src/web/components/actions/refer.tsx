/**
 * 移送/转办 (a worker's 申请仲裁): the case goes on to another proceeding at another organisation,
 * the nearest of those that handle it listed first.
 */
import { useEffect, useState } from 'preact/hooks';
import { KIND_NAMES } from '../../i18n';
import { loadOrgs } from '../../session';
import type { Organization } from '../../types';
import { Select } from '../ui';
import { lastProceeding, required, type ActionForm, type FieldsProps } from './form';
import { ReasonField, readReason } from './reason';

function ReferFields(props: FieldsProps) {
  const { form, ctx, onError } = props;
  const [orgs, setOrgs] = useState<Organization[]>([]);
  useEffect(() => {
    loadOrgs().then(setOrgs, onError);
  }, []);
  const { detail } = ctx;
  const last = lastProceeding(detail);
  const kind = form.text('kind');
  const kinds = [...new Set(detail.nextSteps.map((n) => n.kind))].filter((k) => !ctx.worker || k === 'arbitration');
  const here = last ? (orgs.find((o) => o.id === last.orgId)?.regionCode ?? '') : '';
  /** How many leading digits of the region code an organisation shares with the case's. */
  const near = (o: Organization) => {
    let n = 0;
    while (n < 6 && o.regionCode[n] === here[n]) n++;
    return n;
  };
  const receivers = orgs
    .filter((o) => o.handles.includes(kind as never) && o.id !== (kind === last?.kind ? last?.orgId : ''))
    .sort((a, b) => near(b) - near(a) || a.name.localeCompare(b.name, 'zh'));
  return (
    <>
      <Select
        label="移送到哪类程序"
        name="kind"
        value={kind}
        onValue={(x) => form.patch({ kind: x, toOrgId: '' })}
        options={kinds.map((k) => ({ value: k, label: KIND_NAMES[k] }))}
        placeholder={kinds.length ? undefined : '现在不能移送'}
        error={form.problems.kind}
        help={detail.nextSteps.find((n) => n.kind === kind)?.basis}
      />
      <Select
        label="接收机构"
        name="toOrgId"
        value={form.text('toOrgId')}
        onValue={form.set('toOrgId')}
        options={receivers.map((o) => ({ value: o.id, label: o.name }))}
        placeholder="请选择"
        error={form.problems.toOrgId}
      />
      <ReasonField {...props} label="理由" rows={2} placeholder={kind === 'confirmation' ? '例如：双方共同申请司法确认' : ''} />
    </>
  );
}

export const refer: ActionForm = {
  initial: ({ detail, worker }) => ({ kind: worker ? 'arbitration' : (detail.nextSteps[0]?.kind ?? '') }),
  Fields: ReferFields,
  read: (form, _ctx, problems) => ({
    kind: required(form, problems, 'kind', '请选择'),
    toOrgId: required(form, problems, 'toOrgId', '请选择接收机构'),
    ...readReason(form, problems, '请写明理由'),
  }),
};
