/** Mediators', arbitrators' and court liaisons' pages: the workbench, the case list, logging a case. */
import { useEffect, useState } from 'preact/hooks';
import { get, post, qs } from '../api';
import { CaseForm } from '../components/CaseForm';
import { clockTone, type Tone } from '../components/clocks';
import { Empty, ErrorBox, Loading, PageTitle, Table, useFormSend, useLoad } from '../components/ui';
import { parseSearch } from '../../cases/search.js';
import { chinaDate, dateZh, daysLeftZh, timeZh, yuan } from '../format';
import { CATEGORY_SHORT, CHANNEL_NAMES, CLOCK_STATUS_NAMES, KIND_NAMES, ROLE_NAMES, STATE_NAMES, translateProblem } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { loadOrgs, useOrgs, useSession } from '../session';
import type { CaseListItem, Deadline, Organization, Page, StaffMember, Workload } from '../types';

const TONE_ORDER: Tone[] = ['breached', 'due_soon', 'running', 'paused', 'met'];

/**
 * A case waiting to be taken in: its flags (a possible duplicate claim, SPEC §12; who holds it)
 * and, for a centre sharing out the morning's intake, assigning it to a colleague in one step.
 */
function QueueItem(props: { c: CaseListItem; clocks: Deadline[]; staff?: StaffMember[]; onAssigned: (c: CaseListItem) => void }) {
  const { c } = props;
  const holder = c.currentAssignedUserId ? props.staff?.find((m) => m.id === c.currentAssignedUserId)?.name : undefined;
  return (
    <li>
      <Link class="queue-item" href={`/app/cases/${c.id}`}>
        <div class="qi-main">
          <span class="case-no">
            {c.number}
            {c.possibleDuplicate ? (
              <span class="badge tone-due_soon" data-duplicate-flag title="同一劳动者对同一用人单位还有未结的申请">
                可能重复
              </span>
            ) : null}
          </span>
          <strong>{c.respondentName}</strong>
          <small>
            {c.categories.map((x) => CATEGORY_SHORT[x]).join('、')} · {c.applicantCount}人 · 请求 {yuan(c.claimedFen)}
          </small>
          <small data-field="currentReceivedAt">
            {/* This stage's own receipt (a referral, a court's request); when the worker first applied beside it. */}
            {Date.parse(c.currentReceivedAt) === Date.parse(c.receivedAt)
              ? `${CHANNEL_NAMES[c.channel]} · ${timeZh(c.currentReceivedAt)}收到`
              : `${timeZh(c.currentReceivedAt)}收到 · ${dateZh(c.receivedAt, false)}首次申请`}
          </small>
        </div>
        <div class="qi-clocks">
          {props.clocks.slice(0, 2).map((k) => (
            <ClockChip key={k.id} k={k} />
          ))}
        </div>
      </Link>
      {props.staff ? <AssignInline c={c} staff={props.staff} holder={holder} onAssigned={props.onAssigned} /> : null}
    </li>
  );
}

/** 指派给: the assign action from the queue, without opening the case (its version comes with the list). */
function AssignInline(props: { c: CaseListItem; staff: StaffMember[]; holder?: string; onAssigned: (c: CaseListItem) => void }) {
  const [userId, setUserId] = useState('');
  const { error, busy, send } = useFormSend();
  const id = `assign-${props.c.id}`;
  return (
    <form
      class="assign-inline"
      data-assign={props.c.number}
      onSubmit={(e) => {
        e.preventDefault();
        void send(userId ? {} : { userId: '请选择承办人' }, async () => {
          const after = await post<{ version: number; proceedings: { assignedUserId: string | null }[] }>(`/cases/${props.c.id}/actions`, {
            action: 'assign',
            version: props.c.version,
            userId,
          });
          props.onAssigned({ ...props.c, version: after.version, currentAssignedUserId: after.proceedings[after.proceedings.length - 1].assignedUserId });
          setUserId('');
        });
      }}
    >
      <label for={id}>{props.holder ? `承办人：${props.holder}，改派给` : '指派给'}</label>
      <select id={id} value={userId} onChange={(e) => setUserId((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">请选择</option>
        {props.staff
          .filter((m) => m.id !== props.c.currentAssignedUserId)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </select>
      <button class="btn small" type="submit" disabled={busy || !userId}>
        指派
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

function ClockChip(props: { k: Deadline }) {
  const tone = clockTone(props.k);
  return (
    <span class={`chip tone-${tone}`} title={CLOCK_STATUS_NAMES[tone]}>
      <span class="chip-label">{props.k.label}</span>
      <span class="chip-date">
        {dateZh(props.k.dueOn, false)}
        <em>{tone === 'paused' ? '已中止' : daysLeftZh(props.k.dueOn)}</em>
      </span>
    </span>
  );
}

/** Who at the centre carries how many open proceedings, and how many of their clocks press: for sharing out the work. */
function WorkloadCard(props: { orgId: string; /** Changes when work was shared out on this page: the counts are read again. */ shared: number }) {
  const load = useLoad(() => get<Workload>(`/organizations/${props.orgId}/workload`), [props.orgId, props.shared]);
  const w = load.data;
  const row = (key: string, who: string, c: { openProceedings: number; dueSoon: number; breached: number }) => (
    <tr key={key}>
      <th scope="row">{who}</th>
      <td class="num" data-label="在办">
        {c.openProceedings}
      </td>
      <td class={`num${c.dueSoon ? ' tone-due_soon' : ''}`} data-label="即将到期">
        {c.dueSoon}
      </td>
      <td class={`num${c.breached ? ' tone-breached' : ''}`} data-label="已超期">
        {c.breached}
      </td>
    </tr>
  );
  return (
    <section class="card workload">
      <h2>本机构工作量</h2>
      <ErrorBox error={load.error} />
      {load.loading && !w ? <Loading /> : null}
      {w ? (
        <Table head={['承办人', '在办', '即将到期', '已超期']}>
          {w.staff.map((s) => row(s.userId, s.active ? s.name : `${s.name}（已离岗）`, s))}
          {row('unassigned', '未分配', w.unassigned)}
        </Table>
      ) : null}
      {w ? <p class="hint">截至{dateZh(w.asOf)}；“即将到期”“已超期”为在办程序的法定期限。</p> : null}
    </section>
  );
}

export function Workbench() {
  const { me } = useSession();
  const orgs = useOrgs();
  // Waiting longest first: the oldest receipt of the organisation's own stage at the top.
  const queue = useLoad(() => get<Page<CaseListItem>>(`/cases${qs({ state: 'received', status: 'open', order: 'waiting', limit: 100 })}`), []);
  // Colleagues by name, to assign from the queue; and what has been assigned to me (the in-app notice of an assignment).
  const staffOrg = me?.orgId ?? null;
  const staff = useLoad(() => (staffOrg ? get<{ items: StaffMember[] }>(`/organizations/${staffOrg}/staff`) : Promise.resolve(undefined)), [staffOrg]);
  const assignedToMe = useLoad(() => (me ? get<Page<CaseListItem>>(`/cases${qs({ assignedTo: me.id, status: 'open', order: 'waiting', limit: 50 })}`) : Promise.resolve(undefined)), [me?.id]);
  const board = useLoad(() => get<Page<Deadline>>(`/deadlines${qs({ limit: 200 })}`), []);
  const [filter, setFilter] = useState<Tone | 'all'>('all');
  const [shared, setShared] = useState(0);
  if (!me) return null;
  const org = me.orgId ? orgs.get(me.orgId) : undefined;
  const mine = (queue.data?.items ?? []).filter((c) => c.currentOrgId === me.orgId);
  const clocksByCase = new Map<string, Deadline[]>();
  for (const k of board.data?.items ?? []) {
    const list = clocksByCase.get(k.caseId) ?? [];
    list.push(k);
    clocksByCase.set(k.caseId, list);
  }
  const queueIds = new Set(mine.map((c) => c.id));
  // Open cases in order of their soonest clock (the board is sorted soonest first).
  const cases = [...clocksByCase.entries()]
    .filter(([id]) => !queueIds.has(id))
    .map(([id, clocks]) => ({ id, clocks, tone: TONE_ORDER.find((t) => clocks.some((k) => clockTone(k) === t)) ?? 'running' }));
  const counts = Object.fromEntries(TONE_ORDER.map((t) => [t, cases.filter((c) => c.clocks.some((k) => clockTone(k) === t)).length])) as Record<Tone, number>;
  const shown = cases.filter((c) => filter === 'all' || c.clocks.some((k) => clockTone(k) === filter));

  const queues: { title: string; items: CaseListItem[] }[] =
    me.role === 'court_liaison'
      ? [
          { title: '司法确认申请（待受理）', items: mine.filter((c) => c.currentKind === 'confirmation') },
          { title: '诉讼、支付令、执行（待立案）', items: mine.filter((c) => c.currentKind === 'litigation') },
        ]
      : [{ title: me.role === 'arbitrator' ? '仲裁申请（待受理）' : '调解申请（待受理）', items: mine }];

  return (
    <div class="workbench">
      <PageTitle sub={`${ROLE_NAMES[me.role]} · ${me.name}`}>{org?.name ?? '工作台'}</PageTitle>
      <div class="quick">
        <Link class="btn primary" href="/app/new">
          {me.role === 'court_liaison' ? '委派调解 / 登记诉讼' : '登记现场/纸质申请'}
        </Link>
        {me.role !== 'court_liaison' ? (
          <Link class="btn" href="/app/qr">
            打印受理二维码
          </Link>
        ) : null}
        <Link class="btn" href="/app/cases">
          查找案件
        </Link>
      </div>

      <div class={`wb-grid${queues.length === 1 ? ' single' : ''}`}>
        {queues.map((q) => (
          <section class="card" key={q.title} data-queue={q.title}>
            <h2>
              {q.title} <span class="count">{q.items.length}</span>
            </h2>
            <ErrorBox error={queue.error} />
            {queue.loading && !queue.data ? <Loading /> : null}
            {queue.data && !q.items.length ? <Empty>没有待受理的申请。</Empty> : null}
            <ul class="queue">
              {q.items.map((c) => (
                <QueueItem
                  key={c.id}
                  c={c}
                  clocks={clocksByCase.get(c.id) ?? []}
                  staff={staff.data?.items}
                  onAssigned={(next) => {
                    queue.set({ ...queue.data!, items: queue.data!.items.map((x) => (x.id === next.id ? next : x)) });
                    assignedToMe.reload();
                    setShared((n) => n + 1);
                  }}
                />
              ))}
            </ul>
            {queue.data?.nextCursor ? <p class="hint">只显示等待最久的100件。</p> : null}
          </section>
        ))}

        <section class="card" data-assigned-to-me>
          <h2>
            指派给我的 <span class="count">{assignedToMe.data?.items.length ?? 0}</span>
          </h2>
          <ErrorBox error={assignedToMe.error} />
          {assignedToMe.data && !assignedToMe.data.items.length ? <Empty>没有指派给你的在办案件。</Empty> : null}
          <ul class="queue">
            {(assignedToMe.data?.items ?? []).map((c) => (
              <li key={c.id}>
                <Link class="queue-item" href={`/app/cases/${c.id}`}>
                  <div class="qi-main">
                    <span class="case-no">{c.number}</span>
                    <strong>{c.respondentName}</strong>
                    <small>
                      {STATE_NAMES[c.state]} · {timeZh(c.currentReceivedAt)}收到
                    </small>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        </section>

        <section class="card board">
          <h2>在办案件（按到期日）</h2>
          <div class="filters" role="group" aria-label="按期限状态筛选">
            <button type="button" class={`pill${filter === 'all' ? ' on' : ''}`} onClick={() => setFilter('all')}>
              全部 {cases.length}
            </button>
            {(['breached', 'due_soon', 'running', 'paused'] as Tone[]).map((t) => (
              <button key={t} type="button" class={`pill tone-${t}${filter === t ? ' on' : ''}`} onClick={() => setFilter(t)}>
                {CLOCK_STATUS_NAMES[t]} {counts[t]}
              </button>
            ))}
          </div>
          <ErrorBox error={board.error} />
          {board.loading && !board.data ? <Loading /> : null}
          {board.data && !shown.length ? <Empty>没有在办案件。</Empty> : null}
          <ul class="queue">
            {shown.map(({ id, clocks, tone }) => (
              <li key={id}>
                <Link class={`queue-item edge-${tone}`} href={`/app/cases/${id}`}>
                  <div class="qi-main">
                    <span class="case-no">{clocks[0].caseNumber}</span>
                    <strong>{clocks[0].respondentName}</strong>
                    <small class="ellipsis">{clocks[0].caseSummary}</small>
                  </div>
                  <div class="qi-clocks">
                    {clocks.slice(0, 3).map((k) => (
                      <ClockChip key={k.id} k={k} />
                    ))}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          {board.data?.nextCursor ? <p class="hint">只显示最近到期的200项期限。</p> : null}
        </section>
        {me.orgId ? <WorkloadCard orgId={me.orgId} shared={shared} /> : null}
      </div>
    </div>
  );
}

/** What the list shows: the search text and the filters, as the page's address holds them. */
interface ListView {
  q: string;
  /** open, closed or all; without a search the list starts at the open cases, with one at all. */
  status: string;
  state: string;
}

/** The problem with a search string in the words of the page, before it is sent; null if none. */
function searchProblem(q: string): string | null {
  const parsed = parseSearch(q, chinaDate());
  if (!('problem' in parsed)) return null;
  if (parsed.problem === 'idNumber') return translateProblem('idNumber', parsed.message);
  if (parsed.problem === 'tooShort') return '请至少输入两个字母或数字，或一个汉字';
  return '请输入案号、姓名、单位名称、手机号或身份证号，只有符号无法搜索';
}

export function CaseList() {
  const { me } = useSession();
  const orgs = useOrgs();
  const { query } = useLocation();
  // The address is the list's state: the frame's search box, the back button and a shared link all land here.
  const urlQ = query.get('q') ?? '';
  const view: ListView = { q: urlQ, status: query.get('status') ?? (urlQ ? 'all' : 'open'), state: query.get('state') ?? '' };
  const show = (next: ListView) => navigate(`/app/cases${qs({ q: next.q, status: next.status, state: next.state })}`);
  const [q, setQ] = useState(urlQ);
  useEffect(() => setQ(urlQ), [urlQ]);
  const problem = view.q ? searchProblem(view.q) : null;
  const [pages, setPages] = useState<CaseListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const params = (extra: { cursor?: string | null } = {}) =>
    `/cases${qs({ q: view.q, status: view.status === 'all' ? '' : view.status, state: view.state, limit: 30, ...extra })}`;
  const list = useLoad(async () => {
    if (problem) {
      setPages([]);
      setCursor(null);
      return null;
    }
    const r = await get<Page<CaseListItem>>(params());
    setPages(r.items);
    setCursor(r.nextCursor);
    return r;
  }, [view.q, view.status, view.state]);
  const [more, setMore] = useState<unknown>(null);
  if (!me) return null;

  async function loadMore() {
    try {
      const r = await get<Page<CaseListItem>>(params({ cursor }));
      setPages([...pages, ...r.items]);
      setCursor(r.nextCursor);
    } catch (e) {
      setMore(e);
    }
  }

  return (
    <div>
      <PageTitle>{me.role === 'supervisor' ? '辖区案件' : '全部案件'}</PageTitle>
      <form
        class="searchbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          show({ ...view, q: q.trim(), status: q.trim() && !view.q && view.status === 'open' ? 'all' : view.status });
        }}
      >
        <input
          type="search"
          placeholder="案号、姓名、单位名称、手机号或身份证号"
          aria-label="搜索案件"
          enterKeyHint="search"
          value={q}
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
        />
        <select aria-label="案件状态" value={view.status} onChange={(e) => show({ ...view, status: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="open">进行中</option>
          <option value="closed">已结案</option>
          <option value="all">全部</option>
        </select>
        <select aria-label="当前程序状态" value={view.state} onChange={(e) => show({ ...view, state: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">任何阶段</option>
          <option value="received">待受理</option>
          <option value="accepted">办理中</option>
          <option value="concluded">已办结</option>
          <option value="declined">不予受理</option>
        </select>
        <button class="btn primary" type="submit">
          搜索
        </button>
      </form>
      {problem ? (
        <div class="notice error" role="alert">
          <strong>{problem}</strong>
        </div>
      ) : null}
      {view.q && !problem && pages.length ? <p class="hint">按相符程度排列：手机号、身份证号或案号相符的在前，其次是案号开头相同的，再次是姓名或单位名称完全相同的，最后是包含所搜文字的；同一档内新案在前。</p> : null}
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !pages.length ? <Empty>{view.q ? `没有找到与“${view.q}”相符的案件。` : '没有符合条件的案件。'}</Empty> : null}
      {pages.length ? (
        <div class="table-wrap">
          <table class="table cases-table">
            <thead>
              <tr>
                <th>案号</th>
                <th>被申请人</th>
                <th>类型</th>
                <th class="num">请求金额</th>
                <th>当前</th>
                <th>收到</th>
              </tr>
            </thead>
            <tbody>
              {pages.map((c) => (
                <tr key={c.id} onClick={() => navigate(`/app/cases/${c.id}`)}>
                  <td data-label="案号">
                    <Link href={`/app/cases/${c.id}`}>{c.number}</Link>
                  </td>
                  <td data-label="被申请人">
                    {c.respondentName}
                    {c.kind === 'collective' ? <span class="badge tone-due_soon">集体 {c.applicantCount}人</span> : null}
                  </td>
                  <td data-label="类型">{c.categories.map((x) => CATEGORY_SHORT[x]).join('、')}</td>
                  <td data-label="请求金额" class="num">
                    {yuan(c.claimedFen)}
                  </td>
                  <td data-label="当前">
                    {KIND_NAMES[c.currentKind]} · {c.status === 'closed' ? '已结案' : c.state === 'concluded' ? '已办结' : STATE_NAMES[c.state]}
                    <small class="block">{orgs.get(c.currentOrgId)?.name ?? ''}</small>
                  </td>
                  <td data-label="收到" data-field="currentReceivedAt">
                    {dateZh(c.currentReceivedAt, false)}
                    {Date.parse(c.currentReceivedAt) !== Date.parse(c.receivedAt) ? <small class="block">首次申请 {dateZh(c.receivedAt, false)}</small> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorBox error={more} />
      {cursor ? (
        <button class="btn block" type="button" onClick={loadMore}>
          加载更多
        </button>
      ) : null}
    </div>
  );
}

export function NewCase() {
  const { me } = useSession();
  const orgs = useLoad(() => loadOrgs(), []);
  if (!me) return null;
  if (orgs.error) return <ErrorBox error={orgs.error} />;
  if (!orgs.data) return <Loading />;
  const own = orgs.data.find((o) => o.id === me.orgId) ?? null;
  const court = me.role === 'court_liaison';
  let choices: Organization[] | undefined;
  if (court && own) {
    const near = (o: Organization) => {
      let n = 0;
      while (n < 6 && o.regionCode[n] === own.regionCode[n]) n++;
      return n;
    };
    choices = [own, ...orgs.data.filter((o) => o.handles.includes('mediation')).sort((a, b) => near(b) - near(a) || a.name.localeCompare(b.name, 'zh'))];
  }
  return (
    <div class="form-page">
      <PageTitle sub={court ? '登记本院的诉讼、支付令、执行案件，或把诉前调解委派给调解组织（委派调解）' : `登记到 ${own?.name ?? '本机构'}：现场来访、纸质申请、补录过去的案件`}>
        {court ? '委派调解 / 登记诉讼' : '登记案件'}
      </PageTitle>
      <CaseForm mode="staff" me={me} org={court ? null : own} orgChoices={choices} onFiled={(c) => navigate(`/app/cases/${c.id}?filed=1`)} />
    </div>
  );
}

