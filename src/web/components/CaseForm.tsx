/**
 * Filing a case (POST /cases): a worker's online claim, in plain words with help under every
 * field, or staff logging a walk-in or paper application (several applicants, back-dated,
 * accepted on the spot).
 */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { chinaDate, localToIso, nowLocal, parseYuan } from '../format';
import { CATEGORY_HINTS, CATEGORY_NAMES, CATEGORY_SHORT } from '../i18n';
import type { CaseDetail, Category, Organization, User } from '../types';
import { creditCodeProblem, idNumberProblem, mobileProblem, useRevealOnRefusal } from '../validate';
import { Checkbox, ErrorBox, Field, fieldsToFix, TextArea, TextField } from './ui';

const CATEGORIES = Object.keys(CATEGORY_NAMES) as Category[];

interface ApplicantDraft {
  name: string;
  idNumber: string;
  phone: string;
  amounts: Partial<Record<Category, string>>;
}

const CLAIM_PLACEHOLDER: Record<Category, string> = {
  wages: '例如：支付2024年10月至12月工资共15000元',
  termination: '例如：支付违法解除劳动合同赔偿金',
  social_insurance: '例如：补缴2023年起的养老、医疗保险',
  work_injury: '例如：支付一次性伤残补助金和医疗费',
  working_time: '例如：支付未休年休假工资',
  contract: '例如：支付未签劳动合同的二倍工资差额',
  employment_relation: '例如：确认2022年3月起与单位存在劳动关系',
  other: '写清楚你要求单位做什么',
};

export function CaseForm(props: {
  mode: 'worker' | 'staff';
  me: User;
  /** Where the case is filed; for staff who may choose (a court delegating), the choices. */
  org: Organization | null;
  orgChoices?: Organization[];
  onFiled: (c: CaseDetail) => void;
}) {
  const staff = props.mode === 'staff';
  const [orgId, setOrgId] = useState(props.org?.id ?? '');
  const [categories, setCategories] = useState<Category[]>([]);
  const [claimText, setClaimText] = useState<Partial<Record<Category, string>>>({});
  const [applicants, setApplicants] = useState<ApplicantDraft[]>([
    staff
      ? { name: '', idNumber: '', phone: '', amounts: {} }
      : { name: props.me.name, idNumber: props.me.idNumber ?? '', phone: props.me.phone ?? '', amounts: {} },
  ]);
  const [respondent, setRespondent] = useState({ name: '', creditCode: '', contact: '', address: '' });
  const [summary, setSummary] = useState('');
  const [incidentDate, setIncidentDate] = useState('');
  const [employmentEndedOn, setEmploymentEndedOn] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [acceptNow, setAcceptNow] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { ref: form, refused } = useRevealOnRefusal();

  /** A respondent field's name, value and error, named as the API names it. */
  const respondentField = (k: keyof typeof respondent) => ({
    name: `respondent.${k}`,
    value: respondent[k],
    onValue: (x: string) => setRespondent({ ...respondent, [k]: x }),
    error: errors[`respondent.${k}`],
  });

  const target = props.orgChoices?.find((o) => o.id === orgId) ?? props.org;
  const ownOrg = target?.id === props.me.orgId;
  const today = chinaDate();

  const toggle = (c: Category, on: boolean) => setCategories(on ? CATEGORIES.filter((x) => x === c || categories.includes(x)) : categories.filter((x) => x !== c));
  const setApplicant = (i: number, patch: Partial<ApplicantDraft>) => setApplicants(applicants.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  function check(): Record<string, string> {
    const f: Record<string, string> = {};
    if (!orgId) f.orgId = '请选择受理机构';
    if (!categories.length) f.categories = '请至少选一项';
    for (const c of categories) if (!claimText[c]?.trim()) f[`desc.${c}`] = '请写下你的请求';
    applicants.forEach((a, i) => {
      if (!a.name.trim()) f[`applicants.${i}.name`] = '请填写姓名';
      if (a.idNumber.trim()) {
        const p = idNumberProblem(a.idNumber);
        if (p) f[`applicants.${i}.idNumber`] = p;
      }
      if (a.phone.trim()) {
        const p = mobileProblem(a.phone);
        if (p) f[`applicants.${i}.phone`] = p;
      }
      for (const c of categories) {
        const raw = a.amounts[c]?.trim();
        if (raw && parseYuan(raw) === null) f[`amount.${i}.${c}`] = '请填写金额，如 15000 或 15000.50';
      }
    });
    if (!respondent.name.trim()) f['respondent.name'] = '请填写单位名称';
    if (respondent.creditCode.trim()) {
      const p = creditCodeProblem(respondent.creditCode);
      if (p) f['respondent.creditCode'] = p;
    }
    if (!summary.trim()) f.summary = '请简单说说发生了什么';
    if (!incidentDate) f.incidentDate = '请填写日期（记不清可以填大概的日期）';
    else if (incidentDate > today) f.incidentDate = '不能晚于今天';
    if (employmentEndedOn && employmentEndedOn > today) f.employmentEndedOn = '不能晚于今天';
    if (occurredAt && occurredAt > nowLocal()) f.occurredAt = '不能晚于现在';
    return f;
  }

  /** The API names fields by their place in the request; the form by what a person sees. */
  function placeApiErrors(api: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, m] of Object.entries(api)) {
      const claim = k.match(/^applicants\.(\d+)\.claims\.(\d+)\.(\w+)$/);
      if (claim) {
        const c = categories[+claim[2]];
        out[claim[3] === 'amountFen' ? `amount.${claim[1]}.${c}` : `desc.${c}`] = m;
      } else if (/^categories/.test(k)) out.categories = m;
      else out[k] = m;
    }
    return out;
  }

  async function submit(e: Event) {
    e.preventDefault();
    const f = check();
    setErrors(f);
    setError(null);
    if (Object.keys(f).length) {
      setError(fieldsToFix());
      refused();
      return;
    }
    const body = {
      orgId,
      categories,
      summary: summary.trim(),
      incidentDate,
      ...(employmentEndedOn ? { employmentEndedOn } : {}),
      applicants: applicants.map((a) => ({
        name: a.name.trim(),
        ...(a.idNumber.trim() ? { idNumber: a.idNumber.trim().toUpperCase() } : {}),
        ...(a.phone.trim() ? { phone: a.phone.trim() } : {}),
        claims: categories.map((c) => ({ category: c, description: claimText[c]!.trim(), amountFen: parseYuan(a.amounts[c] ?? '') ?? 0 })),
      })),
      respondent: {
        name: respondent.name.trim(),
        ...(respondent.creditCode.trim() ? { creditCode: respondent.creditCode.trim().toUpperCase() } : {}),
        ...(respondent.contact.trim() ? { contact: respondent.contact.trim() } : {}),
        ...(respondent.address.trim() ? { address: respondent.address.trim() } : {}),
      },
      ...(staff && occurredAt ? { occurredAt: localToIso(occurredAt) } : {}),
      ...(staff && ownOrg && acceptNow ? { acceptNow: true } : {}),
    };
    setBusy(true);
    try {
      const c = await post<CaseDetail>('/cases', body);
      props.onFiled(c);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(placeApiErrors(err.fieldErrors()));
      refused();
    } finally {
      setBusy(false);
    }
  }

  const placed = new Set([
    'orgId',
    'categories',
    'summary',
    'incidentDate',
    'employmentEndedOn',
    'occurredAt',
    'respondent.name',
    'respondent.creditCode',
    'respondent.contact',
    'respondent.address',
  ]);
  const unplaced = Object.fromEntries(
    Object.entries(errors).filter(([k]) => !placed.has(k) && !/^(desc|amount)\./.test(k) && !/^applicants\.\d+\.(name|idNumber|phone)$/.test(k)),
  );

  return (
    <form class="case-form" onSubmit={submit} noValidate ref={form}>
      {props.orgChoices ? (
        <section class="card">
          <h2>在哪里办理</h2>
          <Field label="受理机构" error={errors.orgId} help="选择本院即登记诉讼、支付令或执行案件；选择调解组织即委派诉前调解（委派调解）">
            {(id, d) => (
              <select id={id} name="orgId" aria-describedby={d} value={orgId} onChange={(e) => setOrgId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">请选择</option>
                {props.orgChoices!.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.id === props.me.orgId ? `本院：${o.name}` : `委派调解：${o.name}`}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>
      ) : null}

      <section class="card">
        <h2>{staff ? '争议类型与请求' : '1. 发生了什么事？'}</h2>
        {/* The message sits under the question, above the eight choices, where the eye is when it is shown. */}
        <div class={`field choice-field${errors.categories ? ' has-error' : ''}`}>
          <p class="field-label" id="categories-label">
            {staff ? '争议类型' : '选择符合你情况的（可以多选）'}
          </p>
          {errors.categories ? (
            <p class="field-error" id="categories-error" role="alert">
              {errors.categories}
            </p>
          ) : null}
          <div class="choice-grid" role="group" aria-labelledby="categories-label" aria-describedby={errors.categories ? 'categories-error' : undefined}>
            {CATEGORIES.map((c) => (
              <label key={c} class={`choice${categories.includes(c) ? ' on' : ''}`}>
                <input type="checkbox" name="categories" value={c} checked={categories.includes(c)} onChange={(e) => toggle(c, (e.currentTarget as HTMLInputElement).checked)} />
                <span>
                  <strong>{CATEGORY_SHORT[c]}</strong>
                  <small>{CATEGORY_HINTS[c]}</small>
                </span>
              </label>
            ))}
          </div>
        </div>
        {categories.map((c) => (
          <div class="claim" key={c}>
            <h3>{CATEGORY_NAMES[c]}</h3>
            <TextArea
              label={staff ? '请求事项' : '你要求单位做什么？'}
              name={`desc.${c}`}
              rows={2}
              placeholder={CLAIM_PLACEHOLDER[c]}
              value={claimText[c] ?? ''}
              onValue={(x) => setClaimText({ ...claimText, [c]: x })}
              error={errors[`desc.${c}`]}
            />
            {!staff || applicants.length === 1 ? (
              <TextField
                label="金额（元）"
                optional
                help={staff ? undefined : '要求单位支付的钱，不涉及钱可以不填'}
                name={`amount.0.${c}`}
                inputMode="decimal"
                placeholder="例如 15000"
                value={applicants[0].amounts[c] ?? ''}
                onValue={(x) => setApplicant(0, { amounts: { ...applicants[0].amounts, [c]: x } })}
                error={errors[`amount.0.${c}`]}
              />
            ) : null}
          </div>
        ))}
      </section>

      <section class="card">
        <h2>{staff ? '被申请人（用人单位）' : '2. 是哪家单位？'}</h2>
        <TextField
          label="单位名称"
          help={staff ? undefined : '与你签劳动合同或给你发工资的单位全称，可以看劳动合同、工资条或社保记录'}
          {...respondentField('name')}
        />
        <TextField
          label="统一社会信用代码"
          optional
          help="18位，在单位的营业执照上；不知道可以不填"
          maxLength={18}
          {...respondentField('creditCode')}
        />
        <div class="row2">
          <TextField
            label="单位联系人或电话"
            optional
            {...respondentField('contact')}
          />
          <TextField
            label="单位地址"
            optional
            {...respondentField('address')}
          />
        </div>
      </section>

      <section class="card">
        <h2>{staff ? '案情' : '3. 说说经过'}</h2>
        <TextArea
          label={staff ? '案情摘要' : '用自己的话说说发生了什么'}
          help={staff ? undefined : '什么时候进的单位、做什么工作、单位哪里做得不对、你找过单位没有。不用写法律条文。'}
          name="summary"
          rows={5}
          value={summary}
          onValue={setSummary}
          error={errors.summary}
        />
        <div class="row2">
          <TextField
            label={staff ? '知道权益受侵害之日' : '这件事是哪天发生的？'}
            help="例如单位该发工资却没发的那天、被辞退的那天；记不清可以填大概的日期。申请仲裁的时效从这天算起"
            name="incidentDate"
            type="date"
            max={today}
            value={incidentDate}
            onValue={setIncidentDate}
            error={errors.incidentDate}
          />
          <TextField
            label={staff ? '劳动关系终止日' : '离职日期'}
            optional
            help="已经不在这家单位的，填最后上班的那天；讨要工资的时效从离职之日起算"
            name="employmentEndedOn"
            type="date"
            max={today}
            value={employmentEndedOn}
            onValue={setEmploymentEndedOn}
            error={errors.employmentEndedOn}
          />
        </div>
      </section>

      <section class="card">
        <h2>{staff ? `申请人（${applicants.length}人${applicants.length >= 10 ? '，集体争议' : ''}）` : '4. 你的信息'}</h2>
        {applicants.map((a, i) => (
          <div class={staff && applicants.length > 1 ? 'applicant boxed' : 'applicant'} key={i}>
            {staff && applicants.length > 1 ? (
              <div class="applicant-head">
                <strong>申请人 {i + 1}</strong>
                <button type="button" class="btn ghost small" onClick={() => setApplicants(applicants.filter((_, j) => j !== i))}>
                  删除
                </button>
              </div>
            ) : null}
            <TextField label="姓名" name={`applicants.${i}.name`} value={a.name} onValue={(x) => setApplicant(i, { name: x })} error={errors[`applicants.${i}.name`]} />
            <div class="row2">
              <TextField
                label="身份证号"
                optional
                help={i === 0 && !staff ? '只有你本人和办理机构能看到完整号码' : undefined}
                name={`applicants.${i}.idNumber`}
                maxLength={18}
                value={a.idNumber}
                onValue={(x) => setApplicant(i, { idNumber: x })}
                error={errors[`applicants.${i}.idNumber`]}
              />
              <TextField
                label="手机号"
                optional
                help={i === 0 && !staff ? '调解员会用这个号码联系你' : undefined}
                name={`applicants.${i}.phone`}
                type="tel"
                inputMode="numeric"
                maxLength={11}
                value={a.phone}
                onValue={(x) => setApplicant(i, { phone: x })}
                error={errors[`applicants.${i}.phone`]}
              />
            </div>
            {staff && applicants.length > 1
              ? categories.map((c) => (
                  <TextField
                    key={c}
                    label={`${CATEGORY_SHORT[c]}金额（元）`}
                    optional
                    name={`amount.${i}.${c}`}
                    inputMode="decimal"
                    value={a.amounts[c] ?? ''}
                    onValue={(x) => setApplicant(i, { amounts: { ...a.amounts, [c]: x } })}
                    error={errors[`amount.${i}.${c}`]}
                  />
                ))
              : null}
          </div>
        ))}
        {staff ? (
          <button type="button" class="btn" onClick={() => setApplicants([...applicants, { name: '', idNumber: '', phone: '', amounts: {} }])}>
            + 添加申请人
          </button>
        ) : null}
      </section>

      {staff ? (
        <section class="card">
          <h2>登记</h2>
          <TextField
            label="收到申请的时间"
            optional
            help="补录纸质申请或过去的来访时填写实际收到的时间；期限从这个时间起算。不填即为现在"
            name="occurredAt"
            type="datetime-local"
            max={nowLocal()}
            value={occurredAt}
            onValue={setOccurredAt}
            error={errors.occurredAt}
          />
          {ownOrg ? <Checkbox label="当场受理（本机构已决定受理）" name="acceptNow" checked={acceptNow} onChange={setAcceptNow} /> : null}
        </section>
      ) : null}

      <div class="submit-bar">
        <ErrorBox error={error} unplaced={unplaced} />
        <button class="btn primary block big" type="submit" disabled={busy}>
          {busy ? '正在提交…' : staff ? '登记案件' : '提交申请'}
        </button>
        {!staff ? <p class="hint">提交后，{target?.name ?? '调解组织'}会在几个工作日内联系你。你可以随时在“我的案件”里看进展。</p> : null}
      </div>
    </form>
  );
}
