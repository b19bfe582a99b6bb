/** The administrator's pages: organisations, staff accounts, the holiday calendar. */
import { useState } from 'preact/hooks';
import { ApiError, api, get, post, qs } from '../api';
import { Empty, ErrorBox, Loading, Notice, PageTitle, Select, TextArea, TextField, useLoad } from '../components/ui';
import { chinaDate, dateZh } from '../format';
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Organization | null>(null);
  const [filter, setFilter] = useState('');
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!v.name.trim()) f.name = '请填写机构名称';
    if (!/^\d{6}$/.test(v.regionCode)) f.regionCode = '应为6位行政区划代码，如 451023';
    if (v.intakeCode && !/^[A-Za-z0-9]{4,12}$/.test(v.intakeCode)) f.intakeCode = '应为4至12位字母或数字';
    setErrors(f);
    setError(null);
    if (Object.keys(f).length) return;
    try {
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
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(err.fieldErrors());
    }
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
          <Select label="类型" name="kind" value={v.kind} onValue={set('kind')} options={Object.entries(ORG_KIND_NAMES).map(([value, label]) => ({ value, label }))} error={errors.kind} />
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
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>名称</th>
                  <th>类型</th>
                  <th>区划</th>
                  <th>受理码</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
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
    setErrors(f);
    setError(null);
    if (Object.keys(f).length) return;
    try {
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
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(err.fieldErrors());
    }
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
            <option value="">全部角色</option>
            {Object.entries(ROLE_NAMES).map(([r, l]) => (
              <option key={r} value={r}>
                {l}
              </option>
            ))}
          </select>
          <ErrorBox error={users.error ?? rowError} />
          {users.loading && !users.data ? <Loading /> : null}
          {users.data && !users.data.items.length ? <Empty>没有账号。</Empty> : null}
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>姓名</th>
                  <th>用户名</th>
                  <th>角色/机构</th>
                  <th>状态</th>
                  <th />
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </div>
  );
}

const splitDates = (s: string) =>
  s
    .split(/[\s,，、;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function AdminCalendar() {
  const thisYear = Number(chinaDate().slice(0, 4));
  const [year, setYear] = useState(thisYear + 1);
  const cal = useLoad(async () => {
    const c = await get<YearCalendar>(`/calendar/${year}`);
    setText({ holidays: c.holidays.join('\n'), makeupWorkdays: c.makeupWorkdays.join('\n') });
    return c;
  }, [year]);
  const [text, setText] = useState({ holidays: '', makeupWorkdays: '' });
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState('');

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setErrors([]);
    setResult('');
    try {
      const r = await api<YearCalendar & { recomputed: { clocks: number; cases: number } }>('PUT', `/calendar/${year}`, {
        holidays: splitDates(text.holidays),
        makeupWorkdays: splitDates(text.makeupWorkdays),
      });
      setResult(`已载入${year}年节假日安排。重新计算了 ${r.recomputed.clocks} 个期限，其中 ${r.recomputed.cases} 个案件的到期日有变化（已记入各案办理经过）。`);
      cal.reload();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) {
        const holidays = splitDates(text.holidays);
        const makeup = splitDates(text.makeupWorkdays);
        setErrors(
          Object.entries(err.fieldErrors()).map(([k, m]) => {
            const [list, i] = k.split('.');
            const d = list === 'holidays' ? holidays[+i] : makeup[+i];
            return `${list === 'holidays' ? '假日' : '调休上班日'} ${d ?? ''}：${m}`;
          }),
        );
      }
    }
  }

  return (
    <div>
      <PageTitle sub="国务院办公厅公布下一年放假安排后，在这里载入；正在计算的期限会自动重算">节假日安排</PageTitle>
      <form class="card form wide-form" onSubmit={save}>
        <div class="row2">
          <Select
            label="年份"
            name="year"
            value={String(year)}
            onValue={(x) => setYear(Number(x))}
            options={Array.from({ length: 8 }, (_, i) => thisYear - 4 + i).map((y) => ({ value: String(y), label: `${y}年` }))}
          />
          <div class="field">
            <label>当前数据</label>
            {cal.data ? (
              <p class={`badge ${cal.data.official ? 'tone-met' : 'tone-due_soon'}`}>
                {cal.data.official ? `已载入官方安排（${cal.data.source}）` : '尚无官方安排：仅按周末计算，相关期限标为“可能调整”'}
              </p>
            ) : (
              <Loading />
            )}
          </div>
        </div>
        {result ? <Notice kind="ok">{result}</Notice> : null}
        <ErrorBox error={error} unplaced={Object.fromEntries(errors.map((m, i) => [String(i), m]))} />
        <div class="row2">
          <TextArea
            label="放假日期"
            name="holidays"
            rows={12}
            help="每行一个日期，如 2026-01-01；可以用逗号分隔"
            value={text.holidays}
            onValue={(x) => setText({ ...text, holidays: x })}
          />
          <TextArea
            label="调休上班日（周六、周日上班）"
            name="makeupWorkdays"
            rows={12}
            help="每行一个日期"
            value={text.makeupWorkdays}
            onValue={(x) => setText({ ...text, makeupWorkdays: x })}
          />
        </div>
        {cal.data ? (
          <p class="hint">
            共 {splitDates(text.holidays).length} 个假日、{splitDates(text.makeupWorkdays).length} 个调休上班日。
            {cal.data.holidays.length ? `第一个假日：${dateZh(cal.data.holidays[0])}` : ''}
          </p>
        ) : null}
        <button class="btn primary" type="submit">
          载入{year}年安排
        </button>
      </form>
    </div>
  );
}
