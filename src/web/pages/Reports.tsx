/**
 * The supervisor's report (SPEC §12): the period chosen on the dashboard in the ministry's cuts of
 * 劳动人事争议处理情况 — how cases ended, who prevailed, final awards — grouped as the report needs
 * (by organisation, region, quarter, year…), with the Excel workbook and the CSV of exactly that to
 * download. Drawn in HTML, so every figure is text a screen reader reads and a phone can scroll.
 */
import { useState } from 'preact/hooks';
import { get, qs } from '../api';
import { Empty, ErrorBox, Loading, useLoad } from '../components/ui';
import { percentValue, yuan } from '../format';
import type { StatRow, StatsAnswer } from '../types';
import '../reports.css';

type Grouping = StatsAnswer['groupBy'];

const GROUPINGS: { value: Grouping; label: string; column: string; supervisorOnly?: true }[] = [
  { value: 'org', label: '按机构', column: '机构', supervisorOnly: true },
  { value: 'region', label: '按地区', column: '地区', supervisorOnly: true },
  { value: 'quarter', label: '按季度', column: '季度' },
  { value: 'year', label: '按年度', column: '年度' },
  { value: 'month', label: '按月份', column: '月份' },
  { value: 'category', label: '按争议类型', column: '争议类型' },
  { value: 'kind', label: '按程序', column: '程序' },
];

/** The ministry's manners of handling, each with its colour in the bar and the legend. */
const MANNERS = [
  { key: 'endedByMediation', label: '调解组织调解成功', color: '#059669' },
  { key: 'endedByArbitralSettlement', label: '仲裁调解', color: '#0891b2' },
  { key: 'endedByAward', label: '仲裁裁决', color: '#1d4ed8' },
  { key: 'endedOtherwise', label: '其他方式', color: '#9ca3af' },
] as const;
/** Who prevailed; the rest of the concluded had nobody say. */
const RESULTS = [
  { key: 'prevailedWorker', label: '劳动者胜诉', color: '#059669' },
  { key: 'prevailedEmployer', label: '用人单位胜诉', color: '#dc2626' },
  { key: 'prevailedPartly', label: '双方部分胜诉', color: '#d97706' },
] as const;

const COLUMNS: { key: keyof StatRow; label: string }[] = [
  { key: 'concluded', label: '结案' },
  ...MANNERS,
  ...RESULTS,
  { key: 'finalAwards', label: '终局裁决' },
];

/** A row's cells after its name: the cuts, then the yuan agreed or awarded. */
const figures = (r: StatRow) => [
  ...COLUMNS.map((c) => (
    <td class="num" key={c.key} data-cut={c.key}>
      {r[c.key] as number}
    </td>
  )),
  <td class="num" key="agreedFen">
    {yuan(r.agreedFen)}
  </td>,
];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The period as the exports name it: a whole quarter or year by its name (the workbook's title then
 * says 2025年第一季度), any other days by their dates.
 */
export function periodParams(from: string, to: string): Record<string, string> {
  const [y, m, d] = from.split('-').map(Number);
  if (d === 1 && to.slice(0, 4) === from.slice(0, 4)) {
    if (m === 1 && to === `${y}-12-31`) return { year: String(y) };
    const endMonth = m + 2;
    if ((m - 1) % 3 === 0 && to === `${y}-${pad(endMonth)}-${pad(lastDay(y, endMonth))}`) return { quarter: `${y}-Q${(m - 1) / 3 + 1}` };
  }
  return { from, to };
}

/** One row of shares as a bar of coloured segments, with the figures beside it in a legend. */
function ShareBar(props: { title: string; parts: { label: string; color: string; n: number }[]; total: number; rest?: string }) {
  const rest = props.total - props.parts.reduce((s, p) => s + p.n, 0);
  const parts = rest > 0 && props.rest ? [...props.parts, { label: props.rest, color: '#e5e7eb', n: rest }] : props.parts;
  const share = (n: number) => percentValue(n, props.total);
  return (
    <div class="share" data-share={props.title}>
      <h3>{props.title}</h3>
      <span class="share-bar" aria-hidden="true">
        {parts.map((p) => (p.n > 0 ? <span key={p.label} style={{ width: `${share(p.n) ?? 0}%`, background: p.color }} /> : null))}
      </span>
      <ul>
        {parts.map((p) => (
          <li key={p.label}>
            <span class="share-key" style={{ background: p.color }} aria-hidden="true" />
            {p.label} <strong>{p.n}</strong>
            {props.total ? <span class="share-pct">（{(share(p.n) ?? 0).toFixed(1)}%）</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReportCard(props: { from: string; to: string; orgId?: string; kind?: string; staff: boolean }) {
  const choices = GROUPINGS.filter((g) => !(props.staff && g.supervisorOnly));
  const [grouping, setGrouping] = useState<Grouping>(choices[0].value);
  const filters = { ...periodParams(props.from, props.to), orgId: props.orgId, kind: props.kind };
  const answer = useLoad(() => get<StatsAnswer>(`/stats/closure${qs({ ...filters, groupBy: grouping })}`), [props.from, props.to, props.orgId, props.kind, grouping]);
  // The totals of the cases, whatever the grouping: by category a case is in several rows.
  const whole = useLoad(() => get<StatsAnswer>(`/stats/closure${qs({ ...filters, groupBy: 'kind' })}`), [props.from, props.to, props.orgId, props.kind]);
  const t = whole.data?.totals;
  const chosen = GROUPINGS.find((g) => g.value === grouping)!;
  const every = choices.map((g) => g.value).filter((g) => g !== 'month' && g !== 'year').join(',');
  const link = (ext: 'xlsx' | 'csv', groupBy: string) => `/stats/closure.${ext}${qs({ ...filters, groupBy })}`;
  const rows = answer.data?.rows ?? [];

  return (
    <section class="card report" aria-labelledby="report-title">
      <h2 id="report-title">上报报表（劳动人事争议处理情况）</h2>
      <p class="hint">按人力资源社会保障部统计口径：结案方式、处理结果（胜诉方）与终局裁决；胜诉方由办案人员在结案时标注。</p>

      {t ? (
        <div class="shares">
          <ShareBar title="结案方式" total={t.concluded} parts={MANNERS.map((m) => ({ ...m, n: t[m.key] }))} />
          <ShareBar title="处理结果" total={t.concluded} parts={RESULTS.map((r) => ({ ...r, n: t[r.key] }))} rest="未标注" />
          <p class="share-final">
            终局裁决 <strong>{t.finalAwards}</strong> 件{t.endedByAward ? `，占裁决结案的 ${(percentValue(t.finalAwards, t.endedByAward) ?? 0).toFixed(1)}%` : ''}
          </p>
        </div>
      ) : null}

      <div class="presets report-groupings" role="group" aria-label="报表分组">
        {choices.map((g) => (
          <button key={g.value} type="button" class={`pill${grouping === g.value ? ' on' : ''}`} aria-pressed={grouping === g.value} onClick={() => setGrouping(g.value)}>
            {g.label}
          </button>
        ))}
      </div>

      <ErrorBox error={answer.error ?? whole.error} />
      {answer.loading && !answer.data ? <Loading /> : null}
      {answer.data && !rows.length ? <Empty>这一时期没有结案或收案。</Empty> : null}
      {rows.length ? (
        <div class="table-wrap keep-table" tabIndex={0} role="region" aria-label={`报表：${chosen.label}`}>
          <table class="table stats-table report-table">
            <thead>
              <tr>
                <th>{chosen.column}</th>
                {COLUMNS.map((c) => (
                  <th class="num" key={c.key}>
                    {c.label}
                  </th>
                ))}
                <th class="num">协议/裁决金额</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <td>{r.label}</td>
                  {figures(r)}
                </tr>
              ))}
            </tbody>
            {t ? (
              <tfoot>
                <tr>
                  <th scope="row">{grouping === 'category' ? '合计（按案件计）' : '合计'}</th>
                  {figures(t)}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      ) : null}

      <p class="downloads report-downloads">
        下载本表（{chosen.label}）：
        <a href={link('xlsx', grouping)} download data-download="xlsx">
          Excel 工作簿
        </a>
        、
        <a href={link('csv', grouping)} download data-download="csv">
          CSV 文件
        </a>
        ；全部分组：
        <a href={link('xlsx', every)} download data-download="xlsx-all">
          Excel 工作簿（每组一张表）
        </a>
      </p>
    </section>
  );
}
