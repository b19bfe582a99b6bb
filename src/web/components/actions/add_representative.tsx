/**
 * 登记代理人 (SPEC §10): who acts for a party: a legal-aid centre's lawyer, a lawyer, the union, or a
 * procuratorate supporting the suit (SPEC §2); a legal-aid centre or procuratorate in Tiaojie may be named.
 */
import { useEffect, useState } from 'preact/hooks';
import { REPRESENTATIVE_KIND_NAMES } from '../../i18n';
import { loadOrgs } from '../../session';
import type { Organization } from '../../types';
import { optionsOf, Select, TextField } from '../ui';
import { required, type ActionForm, type FieldsProps } from './form';

/** The kind of organisation a representative of each kind may be (SPEC §2). */
const ORG_KIND_OF: Record<string, string> = { legal_aid: 'legal_aid', procuratorate_support: 'procuratorate' };

function RepresentativeFields({ form, ctx, onError }: FieldsProps) {
  const [orgs, setOrgs] = useState<Organization[]>([]);
  useEffect(() => {
    loadOrgs().then(setOrgs, onError);
  }, []);
  const kind = form.text('kind');
  const orgKind = ORG_KIND_OF[kind];
  const choices = orgKind ? orgs.filter((o) => o.kind === orgKind) : [];
  const applicants = ctx.detail.applicants;
  return (
    <>
      {applicants.length > 1 ? (
        <Select
          label="代理谁"
          name="applicantIndex"
          value={form.text('applicantIndex')}
          onValue={form.set('applicantIndex')}
          placeholder={`全体申请人（${applicants.length}人）`}
          options={applicants.map((a, i) => ({ value: String(i), label: a.name }))}
          error={form.problems.applicantIndex}
        />
      ) : null}
      <Select label="代理人类型" name="kind" value={kind} onValue={(v) => form.patch({ kind: v, orgId: '' })} placeholder="请选择" options={optionsOf(REPRESENTATIVE_KIND_NAMES)} error={form.problems.kind} />
      {choices.length ? (
        <Select
          label="所属机构"
          optional
          name="orgId"
          value={form.text('orgId')}
          onValue={form.set('orgId')}
          placeholder="不在列表中"
          options={choices.map((o) => ({ value: o.id, label: o.name }))}
          error={form.problems.orgId}
        />
      ) : null}
      <TextField label="代理人姓名或机构名称" name="name" autoComplete="off" value={form.text('name')} onValue={form.set('name')} error={form.problems.name} help="例如：某某律师事务所 李律师；县法律援助中心" />
    </>
  );
}

export const add_representative: ActionForm = {
  Fields: RepresentativeFields,
  read: (form, _ctx, problems) => {
    const kind = required(form, problems, 'kind', '请选择代理人类型');
    const name = required(form, problems, 'name', '请填写代理人');
    const who = form.text('applicantIndex');
    const orgId = form.text('orgId');
    return { kind, name, ...(who ? { applicantIndex: Number(who) } : {}), ...(orgId ? { orgId } : {}) };
  },
};
