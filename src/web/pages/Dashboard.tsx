/**
 * The supervisor's dashboard (also staff, over their own organisation): closure statistics of
 * SPEC §6 by month and by organisation, as charts and a table, with the CSV download; below, the
 * report in the ministry's cuts for the same period (Reports.tsx) with its workbook and CSV.
 * Loaded on demand with Chart.js, registering only the parts the charts use.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, qs } from '../api';
import { ErrorBox, Loading, Options, optionsOf, PageTitle, useLoad } from '../components/ui';
import { addMonths, chinaDate, dateZh, percentValue, yuan, yuanCompact } from '../format';
import { KIND_NAMES } from '../i18n';
import { isStaff, loadOrgs, useSession } from '../session';
import type { StatRow, StatsAnswer } from '../types';
import { ReportCard } from './Reports';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = '#374151';

const COLORS = { closure: '#1d4ed8', settlement: '#059669', onTime: '#d97706', backlog: '#dc2626', received: '#93c5fd', concluded: '#1d4ed8' };

const RATE_NAMES = { closure: '结案率', settlement: '调解成功率', onTime: '按期结案率' } as const;
/** Every chart fills its box (ChartBox sets the height) and is drawn at once, without animation. */
const CHART_FRAME = { responsive: true, maintainAspectRatio: false, animation: false } as const;

const backlog = (r: StatRow) => Math.max(0, r.carriedOver + r.accepted - r.concluded);

/**
 * The rates a row shows, in percent to one place, each rounded once from the row's counts (14 of
 * 17 → 82.4, where the API's 0.8235 rounded again would read 82.3). The row has no count of
 * on-time conclusions: its four-place rate times `concluded` gives that count back exactly while
 * fewer than 10 000 concluded; beyond, the four-place rate itself is rounded once.
 */
function rates(r: StatRow) {
  const onTime =
    r.onTimeRate === null
      ? null
      : r.concluded < 10_000
        ? percentValue(Math.round(r.onTimeRate * r.concluded), r.concluded)
        : percentValue(Math.round(r.onTimeRate * 10_000), 10_000);
  return { closure: percentValue(r.concluded, r.carriedOver + r.accepted), settlement: percentValue(r.settled, r.concluded), onTime };
}
const shown = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

/** 2026-01 → 2026年1月 as one label, or 1月 over 2026年 on the axis where a year begins. */
const monthZh = (key: string) => `${Number(key.slice(0, 4))}年${Number(key.slice(5, 7))}月`;
const monthTick = (key: string, i: number) => (i === 0 || key.endsWith('-01') ? [`${Number(key.slice(5, 7))}月`, `${key.slice(0, 4)}年`] : `${Number(key.slice(5, 7))}月`);

/** A card with its title over one chart; `label` is what a screen reader says of the picture. */
function ChartCard(props: { title: string; config: ChartConfiguration; height?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, props.config);
    return () => chart.destroy();
    // The configuration is rebuilt on every render; redraw only when the figures change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(props.config.data)]);
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <div class="chart" style={{ height: `${props.height ?? 260}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.label} />
      </div>
    </section>
  );
}

type Period = { from: string; to: string };
/** Which period is chosen: one of the presets (by its place) or the dates typed. */
type Choice = number | 'custom';
function periods(): { label: string; p: Period }[] {
  const today = chinaDate();
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  const q0 = String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0');
  // The quarter and year before, whole, as the reports sent upward cover them.
  const lastQuarterStart = addMonths(`${y}-${q0}-01`, -3);
  const lastQuarterEnd = new Date(Date.parse(`${y}-${q0}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return [
    { label: '本月', p: { from: `${today.slice(0, 7)}-01`, to: today } },
    { label: '本季度', p: { from: `${y}-${q0}-01`, to: today } },
    { label: '上季度', p: { from: lastQuarterStart, to: lastQuarterEnd } },
    { label: '今年', p: { from: `${y}-01-01`, to: today } },
    { label: '去年', p: { from: `${Number(y) - 1}-01-01`, to: `${Number(y) - 1}-12-31` } },
    { label: '近12个月', p: { from: `${addMonths(today, -11).slice(0, 7)}-01`, to: today } },
  ];
}

export default function Dashboard() {
  const { me } = useSession();
  const presets = periods();
  const [choice, setChoice] = useState<Choice>(5);
  const [period, setPeriod] = useState<Period>(presets[5].p);
  const [draft, setDraft] = useState<Period>(presets[5].p);
  const fromInput = useRef<HTMLInputElement>(null);
  const [orgId, setOrgId] = useState('');
  const [kind, setKind] = useState('');
  const staff = isStaff(me?.role);
  const orgs = useLoad(async () => {
    const all = await loadOrgs();
    if (staff) return all.filter((o) => o.id === me?.orgId);
    const region = me?.regionCode ?? '';
    return all.filter((o) => o.regionCode.startsWith(region) && o.handles.length > 0);
  }, [me?.id]);
  const filters = { from: period.from, to: period.to, orgId: orgId || undefined, kind: kind || undefined };
  const byMonth = useLoad(() => get<StatsAnswer>(`/stats/closure${qs({ ...filters, groupBy: 'month' })}`), [period, orgId, kind]);
  const byOrg = useLoad(() => get<StatsAnswer>(`/stats/closure${qs({ ...filters, groupBy: 'org' })}`), [period, orgId, kind]);
  if (!me) return null;
  const t = byOrg.data?.totals ?? byMonth.data?.totals ?? null;
  const months = byMonth.data?.rows ?? [];
  const orgRows = [...(byOrg.data?.rows ?? [])].sort((a, b) => (b.accepted + b.carriedOver) - (a.accepted + a.carriedOver));
  const csv = (groupBy: string) => `/stats/closure.csv${qs({ ...filters, groupBy })}`;
  const scopeName = staff ? (orgs.data?.[0]?.name ?? '本机构') : (me.regionName ?? (me.regionCode ? `辖区 ${me.regionCode}` : '全国'));

  return (
    <div class="dashboard">
      <PageTitle sub={`${scopeName} · ${dateZh(period.from, false)} 至 ${dateZh(period.to, false)}${kind ? ` · ${KIND_NAMES[kind as 'mediation']}` : ''}`}>统计看板</PageTitle>

      <form
        class="card filters-bar"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.from || !draft.to) return;
          // The same dates as the chosen preset keep it chosen; other dates are a period of one's own.
          const same = typeof choice === 'number' && presets[choice].p.from === draft.from && presets[choice].p.to === draft.to;
          if (!same) setChoice('custom');
          setPeriod(draft);
        }}
      >
        <div class="presets" role="group" aria-label="时间段">
          {presets.map((x, i) => (
            <button
              key={x.label}
              type="button"
              class={`pill${choice === i ? ' on' : ''}`}
              aria-pressed={choice === i}
              onClick={() => {
                setChoice(i);
                setDraft(x.p);
                setPeriod(x.p);
              }}
            >
              {x.label}
            </button>
          ))}
          <button
            type="button"
            class={`pill${choice === 'custom' ? ' on' : ''}`}
            aria-pressed={choice === 'custom'}
            onClick={() => {
              setChoice('custom');
              fromInput.current?.focus();
            }}
          >
            自选日期
          </button>
        </div>
        <label>
          <span>开始</span>
          <input ref={fromInput} type="date" name="from" value={draft.from} onInput={(e) => setDraft({ ...draft, from: (e.currentTarget as HTMLInputElement).value })} />
        </label>
        <label>
          <span>结束</span>
          <input type="date" name="to" value={draft.to} onInput={(e) => setDraft({ ...draft, to: (e.currentTarget as HTMLInputElement).value })} />
        </label>
        {!staff ? (
          <label>
            <span>机构</span>
            <select name="orgId" value={orgId} onChange={(e) => setOrgId((e.currentTarget as HTMLSelectElement).value)}>
              <Options none="全部机构" options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
            </select>
          </label>
        ) : null}
        <label>
          <span>程序</span>
          <select name="kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            <Options none="全部程序" options={optionsOf(KIND_NAMES)} />
          </select>
        </label>
        <button type="submit" class="btn primary">
          查询
        </button>
      </form>

      <ErrorBox error={byOrg.error ?? byMonth.error} />
      {!t && (byOrg.loading || byMonth.loading) ? <Loading /> : null}

      {t ? (
        <div class="kpis">
          <Kpi label="结案率" value={shown(rates(t).closure)} note={`结案 ${t.concluded} ÷ (旧存 ${t.carriedOver} + 受理 ${t.accepted})`} tone="closure" />
          <Kpi label="调解成功率" value={shown(rates(t).settlement)} note={`调解成功 ${t.settled} ÷ 结案 ${t.concluded}`} tone="settlement" />
          <Kpi label="按期结案率" value={shown(rates(t).onTime)} note="未超过法定期限结案的比例" tone="onTime" />
          <Kpi label="在办（积压）" value={String(backlog(t))} note={`收案 ${t.received}，不予受理 ${t.declined}`} tone="backlog" />
          <Kpi label="挽回经济损失" value={yuanCompact(t.paidFen)} note={`已履行 ${yuan(t.paidFen)}；协议/裁决金额 ${yuanCompact(t.agreedFen)}`} tone="paid" />
          <Kpi label="转办接收天数（中位）" value={t.handoffMedianDays === null ? '—' : `${t.handoffMedianDays}天`} note={`审理天数中位 ${t.medianDays ?? '—'}天，90分位 ${t.p90Days ?? '—'}天`} tone="handoff" />
        </div>
      ) : null}

      {months.length ? (
        <div class="chart-grid">
          <ChartCard
            title="各月结案率、调解成功率、按期结案率"
            label="各月比率折线图"
            config={{
              type: 'line',
              data: {
                labels: months.map((r, i) => monthTick(r.key, i)),
                datasets: (['closure', 'settlement', 'onTime'] as const).map((k) => ({
                  label: RATE_NAMES[k],
                  data: months.map((r) => rates(r)[k]),
                  borderColor: COLORS[k],
                  backgroundColor: COLORS[k],
                  spanGaps: true,
                  cubicInterpolationMode: 'monotone' as const,
                })),
              },
              options: {
                ...CHART_FRAME,
                interaction: { mode: 'index', intersect: false },
                scales: { x: { ticks: { maxRotation: 0 } }, y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
                plugins: {
                  legend: { position: 'bottom' },
                  tooltip: { callbacks: { title: (items) => monthZh(months[items[0].dataIndex].key), label: (c) => `${c.dataset.label}：${shown(c.parsed.y)}` } },
                },
              },
            }}
          />
          <ChartCard
            title="各月收案、结案与积压"
            label="各月收案结案柱状图"
            config={{
              type: 'bar',
              data: {
                labels: months.map((r, i) => monthTick(r.key, i)),
                datasets: [
                  { label: '收案', data: months.map((r) => r.received), backgroundColor: COLORS.received },
                  { label: '结案', data: months.map((r) => r.concluded), backgroundColor: COLORS.concluded },
                  { label: '月末在办', data: months.map(backlog), backgroundColor: COLORS.backlog },
                ],
              },
              options: {
                ...CHART_FRAME,
                plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { title: (items) => monthZh(months[items[0].dataIndex].key) } } },
                scales: { x: { ticks: { maxRotation: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
              },
            }}
          />
        </div>
      ) : null}

      {orgRows.length ? (
        <section class="card">
          <h2>各机构</h2>
          {orgRows.length > 1 ? (
            // Bars drawn in HTML, not on a canvas: each organisation's full name wraps on a phone and is read out.
            <div class="org-bars">
              <p class="org-bars-legend" aria-hidden="true">
                <span class="org-bar-key" style={{ background: COLORS.closure }} />
                结案率
                <span class="org-bar-key" style={{ background: COLORS.settlement }} />
                调解成功率
              </p>
              <ul aria-label="各机构结案率与调解成功率">
                {orgRows.slice(0, 15).map((r) => {
                  const x = rates(r);
                  return (
                    <li key={r.key} data-key={r.key}>
                      <span class="org-bars-name" title={r.label}>
                        {r.label}
                      </span>
                      <OrgBar label="结案率" value={x.closure} color={COLORS.closure} />
                      <OrgBar label="调解成功率" value={x.settlement} color={COLORS.settlement} />
                    </li>
                  );
                })}
              </ul>
              {orgRows.length > 15 ? <p class="hint">图中为在办与受理最多的15个机构，全部机构见下表。</p> : null}
            </div>
          ) : null}
          {/* It scrolls sideways on a phone: a named region that takes focus, so a keyboard can scroll it too. */}
          <div class="table-wrap keep-table" tabIndex={0} role="region" aria-label="各项统计数据表">
            <table class="table stats-table">
              <thead>
                <tr>
                  <th>机构</th>
                  <th class="num">收案</th>
                  <th class="num">受理</th>
                  <th class="num">结案</th>
                  <th class="num">结案率</th>
                  <th class="num">调解成功率</th>
                  <th class="num">按期结案率</th>
                  <th class="num">在办</th>
                  <th class="num">转办接收(天)</th>
                  <th class="num">挽回金额</th>
                </tr>
              </thead>
              <tbody>
                {orgRows.map((r) => (
                  <tr key={r.key} data-key={r.key}>
                    <td data-label="机构">{r.label}</td>
                    <td data-label="收案" class="num">{r.received}</td>
                    <td data-label="受理" class="num">{r.accepted}</td>
                    <td data-label="结案" class="num">{r.concluded}</td>
                    <td data-label="结案率" class="num strong" data-field="closureRate">{shown(rates(r).closure)}</td>
                    <td data-label="调解成功率" class="num" data-field="settlementRate">{shown(rates(r).settlement)}</td>
                    <td data-label="按期结案率" class="num" data-field="onTimeRate">{shown(rates(r).onTime)}</td>
                    <td data-label="在办" class="num">{backlog(r)}</td>
                    <td data-label="转办接收(天)" class="num">{r.handoffMedianDays ?? '—'}</td>
                    <td data-label="挽回金额" class="num">{yuan(r.paidFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="downloads">
            下载 CSV（Excel/WPS 可直接打开）：
            <a href={csv('org')} download>
              按机构
            </a>
            <a href={csv('month')} download>
              按月份
            </a>
            <a href={csv('category')} download>
              按争议类型
            </a>
          </p>
        </section>
      ) : null}

      <ReportCard from={period.from} to={period.to} orgId={orgId || undefined} kind={kind || undefined} staff={staff} />
    </div>
  );
}

/** One rate as a bar of its percentage, with the figure beside it. */
function OrgBar(props: { label: string; value: number | null; color: string }) {
  return (
    <div class="org-bar">
      <span class="org-bar-track" aria-hidden="true">
        <span class="org-bar-fill" style={{ width: `${props.value ?? 0}%`, background: props.color }} />
      </span>
      <span class="org-bar-value">
        {props.label} {shown(props.value)}
      </span>
    </div>
  );
}

function Kpi(props: { label: string; value: string; note: string; tone: string }) {
  return (
    <div class={`kpi kpi-${props.tone}`}>
      <span class="kpi-label">{props.label}</span>
      <strong class="kpi-value">{props.value}</strong>
      <small>{props.note}</small>
    </div>
  );
}
