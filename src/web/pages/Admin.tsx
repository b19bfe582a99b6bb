/** The administrator's pages: organisations, staff accounts, the holiday calendar. */
import { useMemo, useRef, useState } from 'preact/hooks';
import { describeYear, holidayPeriods, readHolidayNotice, sourceOf, type HolidayPeriod } from '../../domain/holidayNotice.js';
import { ApiError, api, get, post, qs } from '../api';
import { Empty, ErrorBox, Field, Loading, Notice, Options, optionsOf, PageTitle, Select, Table, TextField, useFormSend, useLoad } from '../components/ui';
import { chinaDate, dateZh, timeZh } from '../format';
import '../calendar.css';
import { ORG_KIND_NAMES, ROLE_NAMES } from '../i18n';
import { Link } from '../router';
import { loadOrgs, useSession } from '../session';
import type { Organization, Role, User, YearCalendar } from '../types';

const STAFF_KINDS: Record<string, string[]> = {
  mediator: ['enterprise_committee', 'union', 'township_center', 'people_mediation', 'mediation_center'],
  arbitrator: ['arbitration_commission'],
  court_liaison: ['court'],
};

export function AdminOrgs() {
  const orgs = useLoad(() => loadOrgs(true), []);
  const [v, setV] = useState({ name: '', kind: 'union', regionCode: '', parentId: '', intakeCode: '' });
  const { error, fields: errors, send } = useFormSend();
  const [created, setCreated] = useState<Organization | null>(null);
  const [filter, setFilter] = useState('');
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!v.name.trim()) f.name = '请填写机构名称';
    if (!/^\d{6}$/.test(v.regionCode)) f.regionCode = '应为6位行政区划代码，如 451023';
    if (v.intakeCode && !/^[A-Za-z0-9]{4,12}$/.test(v.intakeCode)) f.intakeCode = '应为4至12位字母或数字';
    await send(f, async () => {
      const o = await post<Organization>('/organizations', {
        name: v.name.trim(),
        kind: v.kind,
        regionCode: v.regionCode,
        ...(v.parentId ? { parentId: v.parentId } : {}),
        ...(v.intakeCode ? { intakeCode: v.intakeCode } : {}),
      });
      setCreated(o);
      setV({ ...v, name: '', intakeCode: '' });
      orgs.reload();
    });
  }

  const list = (orgs.data ?? []).filter((o) => !filter || o.name.includes(filter) || o.regionCode.startsWith(filter) || o.intakeCode.includes(filter.toUpperCase()));
  return (
    <div>
      <PageTitle sub="调解组织、仲裁委、法院等；每个机构有一个受理码，印成二维码贴在门口">机构</PageTitle>
      <div class="admin-grid">
        <form class="card form" onSubmit={submit} noValidate>
          <h2>新建机构</h2>
          {created ? (
            <Notice kind="ok">
              已创建 {created.name}，受理码 <strong>{created.intakeCode}</strong>。<Link href={`/app/qr/${created.id}`}>打印二维码</Link>
            </Notice>
          ) : null}
          <ErrorBox error={error} />
          <TextField label="名称" name="name" value={v.name} onValue={set('name')} error={errors.name} />
          <Select label="类型" name="kind" value={v.kind} onValue={set('kind')} options={optionsOf(ORG_KIND_NAMES)} error={errors.kind} />
          <TextField label="行政区划代码" name="regionCode" inputMode="numeric" maxLength={6} help="6位，如 451023（平果市）" value={v.regionCode} onValue={set('regionCode')} error={errors.regionCode} />
          <Select
            label="上级机构"
            optional
            name="parentId"
            value={v.parentId}
            onValue={set('parentId')}
            placeholder="无"
            options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            error={errors.parentId}
          />
          <TextField label="受理码" optional name="intakeCode" help="4至12位字母或数字；不填则自动生成" value={v.intakeCode} onValue={set('intakeCode')} error={errors.intakeCode} />
          <button class="btn primary block" type="submit">
            创建机构
          </button>
        </form>
        <section class="card">
          <h2>
            全部机构 <span class="count">{orgs.data?.length ?? ''}</span>
          </h2>
          <input class="filter-input" type="search" placeholder="按名称、区划代码或受理码筛选" aria-label="筛选机构" value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} />
          <ErrorBox error={orgs.error} />
          {orgs.loading && !orgs.data ? <Loading /> : null}
          <Table head={['名称', '类型', '区划', '受理码']}>
            {list.map((o) => (
              <tr key={o.id}>
                <td data-label="名称">{o.name}</td>
                <td data-label="类型">{ORG_KIND_NAMES[o.kind]}</td>
                <td data-label="区划">{o.regionCode}</td>
                <td data-label="受理码">
                  <code>{o.intakeCode}</code> {o.handles.length ? <Link href={`/app/qr/${o.id}`}>二维码</Link> : null}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      </div>
    </div>
  );
}

export function AdminUsers() {
  const { me } = useSession();
  const [roleFilter, setRoleFilter] = useState('');
  const orgs = useLoad(() => loadOrgs(), []);
  const users = useLoad(() => get<{ items: User[] }>(`/users${qs({ role: roleFilter })}`), [roleFilter]);
  const [v, setV] = useState({ username: '', password: '', name: '', role: 'mediator', orgId: '', regionCode: '', phone: '' });
  const { error, fields: errors, send } = useFormSend();
  const [notice, setNotice] = useState('');
  const [rowError, setRowError] = useState<unknown>(null);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const orgById = new Map((orgs.data ?? []).map((o) => [o.id, o]));
  const fitting = (orgs.data ?? []).filter((o) => STAFF_KINDS[v.role]?.includes(o.kind));

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.-]{3,50}$/.test(v.username)) f.username = '用户名为3至50位字母、数字或 _ . -';
    if (v.password.length < 8) f.password = '密码至少8位';
    if (!v.name.trim()) f.name = '请填写姓名';
    if (STAFF_KINDS[v.role] && !v.orgId) f.orgId = '请选择所属机构';
    if (v.role === 'supervisor' && !/^(\d{2,6})?$/.test(v.regionCode)) f.regionCode = '应为2至6位行政区划代码；留空为全国';
    await send(f, async () => {
      const u = await post<User>('/users', {
        username: v.username,
        password: v.password,
        name: v.name.trim(),
        role: v.role,
        ...(STAFF_KINDS[v.role] ? { orgId: v.orgId } : {}),
        ...(v.role === 'supervisor' ? { regionCode: v.regionCode } : {}),
        ...(v.phone ? { phone: v.phone } : {}),
      });
      setNotice(`已创建账号 ${u.username}（${ROLE_NAMES[u.role]}）`);
      setV({ ...v, username: '', password: '', name: '', phone: '' });
      users.reload();
    });
  }

  async function patch(u: User, body: Record<string, unknown>, done: string) {
    setRowError(null);
    try {
      await api('PATCH', `/users/${u.id}`, body);
      setNotice(done);
      users.reload();
    } catch (err) {
      setRowError(err);
    }
  }

  return (
    <div>
      <PageTitle sub="调解员、仲裁员、法院联络员、主管和管理员的账号；劳动者自己注册">账号</PageTitle>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      <div class="admin-grid">
        <form class="card form" onSubmit={submit} noValidate>
          <h2>新建账号</h2>
          <ErrorBox error={error} />
          <Select
            label="角色"
            name="role"
            value={v.role}
            onValue={(x) => setV({ ...v, role: x, orgId: '' })}
            options={(['mediator', 'arbitrator', 'court_liaison', 'supervisor', 'admin'] as Role[]).map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
            error={errors.role}
          />
          {STAFF_KINDS[v.role] ? (
            <Select label="所属机构" name="orgId" value={v.orgId} onValue={set('orgId')} placeholder="请选择" options={fitting.map((o) => ({ value: o.id, label: o.name }))} error={errors.orgId} />
          ) : null}
          {v.role === 'supervisor' ? (
            <TextField label="辖区代码" name="regionCode" inputMode="numeric" help="行政区划代码的前2至6位，如 4510 为百色市；留空为全国" value={v.regionCode} onValue={set('regionCode')} error={errors.regionCode} />
          ) : null}
          <TextField label="姓名" name="name" value={v.name} onValue={set('name')} error={errors.name} />
          <TextField label="用户名" name="username" autoComplete="off" help="登录用，字母、数字或 _ . -" value={v.username} onValue={set('username')} error={errors.username} />
          <TextField label="初始密码" name="password" type="password" autoComplete="new-password" help="至少8位，请当面告知本人" value={v.password} onValue={set('password')} error={errors.password} />
          <TextField label="手机号" optional name="phone" type="tel" inputMode="numeric" maxLength={11} value={v.phone} onValue={set('phone')} error={errors.phone} />
          <button class="btn primary block" type="submit">
            创建账号
          </button>
        </form>
        <section class="card">
          <h2>全部账号</h2>
          <select class="filter-input" aria-label="按角色筛选" value={roleFilter} onChange={(e) => setRoleFilter((e.currentTarget as HTMLSelectElement).value)}>
            <Options none="全部角色" options={optionsOf(ROLE_NAMES)} />
          </select>
          <ErrorBox error={users.error ?? rowError} />
          {users.loading && !users.data ? <Loading /> : null}
          {users.data && !users.data.items.length ? <Empty>没有账号。</Empty> : null}
          <Table head={['姓名', '用户名', '角色/机构', '状态', <span class="sr">操作</span>]}>
            {(users.data?.items ?? []).map((u) => (
              <tr key={u.id} class={u.disabled ? 'muted' : ''}>
                <td data-label="姓名">{u.name}</td>
                <td data-label="用户名">
                  <code>{u.username}</code>
                </td>
                <td data-label="角色/机构">
                  {ROLE_NAMES[u.role]}
                  <small class="block">{u.orgId ? orgById.get(u.orgId)?.name : u.regionCode !== null ? `辖区 ${u.regionCode || '全国'}` : ''}</small>
                </td>
                <td data-label="状态">{u.disabled ? '已停用' : '正常'}</td>
                <td class="row-actions">
                  {u.id !== me?.id ? (
                    <button type="button" class="btn small" onClick={() => patch(u, { disabled: !u.disabled }, `${u.name} 已${u.disabled ? '启用' : '停用'}`)}>
                      {u.disabled ? '启用' : '停用'}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    class="btn small ghost"
                    onClick={() => {
                      const pw = window.prompt(`为 ${u.name} 设置新密码（至少8位）`);
                      if (pw) void patch(u, { password: pw }, `${u.name} 的密码已重置，原有登录已失效`);
                    }}
                  >
                    重置密码
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The holiday calendar: the State Council's notice pasted (or dates typed in its manner), read in
// the page by the same module the server reads it with, shown as a month calendar before saving.

const WEEK_HEAD = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_SHORT = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** A holiday's name in two characters for a calendar cell: 国庆节、中秋节 → 国庆, 春节 → 春节. */
const shortName = (name: string) => {
  const first = name.split('、')[0] ?? '';
  return first.length > 2 ? first.replace(/节$/, '').slice(0, 2) : first;
};

/** What the text area starts with for a year: what was entered, else the saved dates the notice way. */
function startingText(c: YearCalendar): string {
  if (c.notice !== null) return c.notice;
  return c.holidays.length ? describeYear(c.year, c.holidays, c.makeupWorkdays, c.dayNames) : '';
}

/** Where a line starts and ends in the text (1-based line). */
function lineRange(text: string, line: number): [number, number] {
  const lines = text.split(/\r\n|\r|\n/);
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  return [start, start + (lines[line - 1]?.length ?? 0)];
}

export function AdminCalendar() {
  const thisYear = Number(chinaDate().slice(0, 4));
  const [year, setYear] = useState(thisYear + 1);
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  /** The source as the administrator typed it; until then it follows the notice's title and number. */
  const [sourceTyped, setSourceTyped] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const [result, setResult] = useState('');
  /** Text to keep across a change of year made from a problem ("改为2031年"). */
  const carried = useRef<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const cal = useLoad(async () => {
    const c = await get<YearCalendar>(`/calendar/${year}`);
    setText(carried.current ?? startingText(c));
    carried.current = null;
    // A saved source that is the notice's own title and number keeps following the text; one the
    // administrator wrote stays as written.
    const entered = !c.official && !c.provisional;
    setSource(entered ? c.source : '');
    setSourceTyped(entered && c.source !== sourceOf(readHolidayNotice(c.notice ?? '', c.year)));
    setSubmitted(false);
    return c;
  }, [year]);

  const reading = useMemo(() => readHolidayNotice(text, year), [text, year]);
  const suggested = sourceOf(reading);
  const shownSource = sourceTyped ? source : suggested;
  const changed = cal.data !== undefined && (text !== startingText(cal.data) || (shownSource.trim() !== '' && shownSource.trim() !== cal.data.source));
  const years = Array.from({ length: 11 }, (_, i) => thisYear - 5 + i);
  const titleYear = reading.title ? Number(/(\d{4})年/.exec(reading.title)?.[1]) : null;

  function showLine(line: number) {
    const el = area.current;
    if (!el || line < 1) return;
    const [start, end] = lineRange(text, line);
    el.focus();
    el.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 24;
    el.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  async function save(e: Event) {
    e.preventDefault();
    setSubmitted(true);
    setError(null);
    setServerProblems([]);
    setResult('');
    if (reading.problems.length || !shownSource.trim()) return;
    try {
      const r = await api<YearCalendar & { recomputed: { clocks: number; cases: number } }>('PUT', `/calendar/${year}`, { notice: text, source: shownSource.trim() });
      setResult(
        `已保存${year}年节假日安排：放假${r.holidays.length}天，调休上班${r.makeupWorkdays.length}天。` +
          (r.recomputed.clocks
            ? `重新计算了${r.recomputed.clocks}个期限，其中${r.recomputed.cases}个案件的到期日有变化，已记入各案办理经过。`
            : '没有正在计算的期限受影响。'),
      );
      cal.reload();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && Array.isArray(err.details)) {
        // The notice's problems come in Chinese, each with its line; others through the usual translation.
        const fields = err.fieldErrors();
        setServerProblems([
          ...(err.details as { field?: string; message?: string }[]).filter((d) => d?.field === 'body.notice').map((d) => String(d.message ?? '')),
          ...Object.entries(fields).filter(([k]) => k !== 'notice').map(([, m]) => m),
        ]);
      }
    }
  }

  const holidays = new Map(reading.holidays.map((d) => [d.date, d.name]));
  const makeup = new Map(reading.makeupWorkdays.map((d) => [d.date, d.name]));
  const names = Object.fromEntries([...reading.holidays, ...reading.makeupWorkdays].filter((d) => d.name).map((d) => [d.date, d.name]));
  const periods = holidayPeriods([...holidays.keys()], [...makeup.keys()], names);
  const sourceError = submitted && !shownSource.trim() ? '请填写来源：通知标题和文号，或说明数据从哪里来' : undefined;

  return (
    <div class="holiday-admin">
      <PageTitle sub="国务院办公厅公布下一年的放假安排后，把通知原文粘贴到这里，核对月历后保存；正在计算的期限会自动重算">节假日安排</PageTitle>

      <section class="card" aria-labelledby="cal-saved">
        <div class="cal-saved-head">
          <h2 id="cal-saved">{year}年目前的安排</h2>
          <div class="cal-year-select">
            <Select
              label="年份"
              name="year"
              value={String(year)}
              onValue={(x) => {
                setResult('');
                setError(null);
                setYear(Number(x));
              }}
              options={years.map((y) => ({ value: String(y), label: `${y}年` }))}
            />
          </div>
        </div>
        {cal.data ? <SavedYear c={cal.data} /> : cal.error ? <ErrorBox error={cal.error} /> : <Loading />}
      </section>

      {result ? <Notice kind="ok">{result}</Notice> : null}

      <form class="card form cal-entry" onSubmit={save} noValidate>
        <h2>{!cal.data || cal.data.provisional ? `录入${year}年安排` : cal.data.official ? `更正${year}年安排（官方数据一般无需修改）` : `修改${year}年安排`}</h2>
        <div class="cal-entry-grid">
          <div>
            <Field
              label="通知原文或日期"
              help={
                <>
                  可以直接粘贴《国务院办公厅关于{year}年部分节假日安排的通知》全文，也可以一行写一个假期，如“元旦：1月1日至3日放假，1月4日上班”“2月14日、2月28日上班”或“{year}年10月1日至7日放假”。
                </>
              }
            >
              {(id, describedBy) => (
                <textarea
                  id={id}
                  ref={area}
                  name="notice"
                  rows={16}
                  maxLength={20000}
                  spellcheck={false}
                  aria-describedby={[describedBy, 'cal-reading'].filter(Boolean).join(' ')}
                  aria-invalid={reading.problems.length && submitted ? 'true' : undefined}
                  value={text}
                  onInput={(e) => {
                    setText((e.currentTarget as HTMLTextAreaElement).value);
                    setResult('');
                  }}
                />
              )}
            </Field>
            <TextField
              label="来源"
              name="source"
              maxLength={200}
              help="通知标题和文号，粘贴通知全文时会自动填入"
              placeholder={`国务院办公厅关于${year}年部分节假日安排的通知（国办发明电〔${year - 1}〕×号）`}
              value={shownSource}
              error={sourceError}
              onValue={(v) => {
                setSource(v);
                setSourceTyped(true);
              }}
            />
            {cal.data?.official && changed ? (
              <Notice kind="warn">这一年已有官方数据。保存后改为人工录入（标明录入人和来源），并按新安排重新计算相关期限。</Notice>
            ) : null}
            {submitted && reading.problems.length ? (
              <div class="notice error" role="alert">
                <strong>还有{reading.problems.length}处问题，改正后才能保存。</strong>
              </div>
            ) : null}
            <ErrorBox error={error} unplaced={Object.fromEntries(serverProblems.map((m, i) => [String(i), m]))} />
            <button class="btn primary" type="submit">
              保存{year}年安排
            </button>
          </div>

          <div id="cal-reading" class="cal-reading" aria-live="polite">
            <h3>读取结果</h3>
            {reading.problems.length ? (
              <ul class="cal-problems">
                {reading.problems.map((p, i) => (
                  <li key={i}>
                    {p.line ? (
                      <button type="button" class="cal-line" onClick={() => showLine(p.line)}>
                        第{p.line}行
                      </button>
                    ) : null}
                    {p.line ? <q>{p.text.length > 40 ? `${p.text.slice(0, 40)}…` : p.text}</q> : null}
                    <span>{p.message}</span>
                    {titleYear && p.line && p.message.startsWith('这是') && titleYear !== year && years.includes(titleYear) ? (
                      <button
                        type="button"
                        class="btn small"
                        onClick={() => {
                          carried.current = text;
                          setYear(titleYear);
                        }}
                      >
                        改为{titleYear}年
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : text.trim() ? (
              <p class="cal-ok">
                读出{periods.length}个假期，放假{reading.holidays.length}天，调休上班{reading.makeupWorkdays.length}天，没有发现问题。
              </p>
            ) : (
              <p class="hint">粘贴或输入后，这里会列出读到的假期和需要改正的地方。</p>
            )}
            {reading.notes.length ? (
              <ul class="cal-notes">
                {reading.notes.map((n, i) => (
                  <li key={i}>
                    第{n.line}行：{n.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {periods.length ? <PeriodList periods={periods} /> : null}
            {reading.passedOver.length ? <p class="hint">第{reading.passedOver.join('、')}行没有日期（标题、称谓、说明等），已略过。</p> : null}
          </div>
        </div>

        <h3 class="cal-grid-title">{year}年月历（按上面的内容，保存前请核对）</h3>
        <YearGrid year={year} holidays={holidays} makeup={makeup} periods={periods} />
      </form>
    </div>
  );
}

function SavedYear(props: { c: YearCalendar }) {
  const c = props.c;
  if (c.provisional) {
    return <p class="badge tone-due_soon">尚无{c.year}年安排：暂按周末计算，相关期限标为“可能调整”</p>;
  }
  const periods = holidayPeriods(c.holidays, c.makeupWorkdays, c.dayNames);
  return (
    <div class="cal-saved">
      {c.official ? (
        <p>
          <span class="badge tone-met">官方数据</span> 系统随附的国务院办公厅公布安排，无需录入。
        </p>
      ) : (
        <dl class="cal-entered">
          <div>
            <dt>数据性质</dt>
            <dd>
              <span class="badge tone-paused">人工录入，非官方数据</span>
            </dd>
          </div>
          <div>
            <dt>录入人</dt>
            <dd>{c.enteredBy?.name || '未记录'}</dd>
          </div>
          <div>
            <dt>录入时间</dt>
            <dd>{timeZh(c.enteredAt)}</dd>
          </div>
          <div>
            <dt>来源</dt>
            <dd>{c.source}</dd>
          </div>
        </dl>
      )}
      <p class="hint">
        共{periods.length}个假期，放假{c.holidays.length}天，调休上班{c.makeupWorkdays.length}天。
      </p>
    </div>
  );
}

function PeriodList(props: { periods: HolidayPeriod[] }) {
  return (
    <ol class="cal-periods">
      {props.periods.map((p) => (
        <li key={p.from}>
          <strong>{p.name || '假期'}</strong>
          <span>
            {p.from === p.to ? dateZh(p.from) : `${dateZh(p.from)} 至 ${dateZh(p.to)}`}，放假{p.days}天
          </span>
          {p.makeupWorkdays.length ? <span class="cal-periods-work">调休上班：{p.makeupWorkdays.map((d) => dateZh(d)).join('、')}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Twelve month tables: holidays and make-up working days marked and named, weekends shaded. */
function YearGrid(props: { year: number; holidays: Map<string, string>; makeup: Map<string, string>; periods: HolidayPeriod[] }) {
  const firsts = new Set(props.periods.map((p) => p.from));
  return (
    <div class="cal-year">
      <ul class="cal-legend" aria-label="图例">
        <li>
          <span class="cal-swatch is-holiday" aria-hidden="true">休</span>放假
        </li>
        <li>
          <span class="cal-swatch is-makeup" aria-hidden="true">班</span>调休上班（周末上班）
        </li>
        <li>
          <span class="cal-swatch is-weekend" aria-hidden="true" />周末休息
        </li>
        <li>
          <span class="cal-swatch" aria-hidden="true" />工作日
        </li>
      </ul>
      <div class="cal-months">
        {Array.from({ length: 12 }, (_, m) => (
          <Month key={m} year={props.year} month={m + 1} holidays={props.holidays} makeup={props.makeup} firsts={firsts} />
        ))}
      </div>
    </div>
  );
}

function Month(props: { year: number; month: number; holidays: Map<string, string>; makeup: Map<string, string>; firsts: Set<string> }) {
  const { year, month } = props;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Monday-first weeks, as Chinese calendars print them.
  const lead = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <table class="cal-month">
      <caption>{month}月</caption>
      <thead>
        <tr>
          {WEEK_HEAD.map((d, i) => (
            <th key={d} scope="col" class={i >= 5 ? 'is-weekend' : undefined}>
              <abbr title={`星期${d}`}>{d}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((day, i) => {
              if (day === null) return <td key={i} class="cal-blank" />;
              const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
              const weekend = i >= 5;
              const holiday = props.holidays.get(date);
              const work = props.makeup.get(date);
              const kind = holiday !== undefined ? 'is-holiday' : work !== undefined ? 'is-makeup' : weekend ? 'is-weekend' : '';
              const label =
                `${month}月${day}日 ${WEEKDAY_SHORT[(i + 1) % 7]}` +
                (holiday !== undefined ? `，${holiday ? `${holiday}` : ''}放假` : work !== undefined ? `，${work ? `${work}` : ''}调休上班` : weekend ? '，周末' : '');
              const tag = holiday !== undefined ? (props.firsts.has(date) && holiday ? shortName(holiday) : '休') : work !== undefined ? '班' : '';
              return (
                <td key={i} class={`cal-day ${kind}`} title={label} aria-label={label} data-date={date}>
                  <span class="cal-num" aria-hidden="true">
                    {day}
                  </span>
                  {tag ? (
                    <span class="cal-tag" aria-hidden="true">
                      {tag}
                    </span>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
