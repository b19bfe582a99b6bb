/**
 * What a legal document (SPEC §9) costs: the time to lay out each type as PDF from its facts,
 * its size in bytes and pages, the memory the shared fonts take, and, through the API on an
 * in-memory PGlite, a document issued, handed out again as issued, and re-rendered masked for a
 * supervisor.
 *
 *   npx tsx tests/bench/documents.ts [--rounds 5] [--renders 20] [--out /tmp/documents]
 *
 * Each round renders every type `renders` times; the table shows each type's median and p95 in
 * that round, as the median over the rounds (runs on this shared machine differ). With --out, one
 * PDF of each type is written there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DOCUMENT_TYPES } from '../../src/domain/caseFile.js';
import { documentFacts, type DocumentCase, type DocumentFacts } from '../../src/documents/facts.js';
import { renderDocument } from '../../src/documents/render.js';
import { act, agreementIn, caseBody, testApp } from '../support/app.js';
import { validIdNumber } from '../support/ids.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    renders: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
const ROUNDS = Number(args.rounds);
const RENDERS = Number(args.renders);

const at = (s: string) => new Date(`${s}+08:00`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A case that has every document: mediated to a settlement after a session, served, with a failed mediation and a decline before. */
function wholeCase(applicants = 1): DocumentCase {
  const failed = { id: 'm1', kind: 'mediation', orgId: 'o1', orgName: '平果市总工会劳动争议调解委员会', state: 'concluded', outcome: 'failed', declineReason: null, conclusionReason: '用人单位拒绝调解', receivedAt: at('2026-01-05T09:00:00'), acceptedAt: at('2026-01-05T10:00:00'), concludedAt: at('2026-01-12T16:00:00') } as const;
  const declined = { ...failed, id: 'a1', kind: 'arbitration', orgId: 'o2', orgName: '平果市劳动人事争议仲裁委员会', state: 'declined', outcome: null, declineReason: '申请超过仲裁时效', acceptedAt: null, concludedAt: at('2026-01-20T10:00:00') } as const;
  const settled = { ...failed, id: 'm2', outcome: 'settled', conclusionReason: null, receivedAt: at('2026-03-02T09:00:00'), acceptedAt: at('2026-03-03T09:00:00'), concludedAt: at('2026-03-10T16:00:00') } as const;
  const people = Array.from({ length: applicants }, (_, i) => ({ id: `p${i}`, name: ['李四', '王五', '赵六', '钱七', '孙八', '周九'][i % 6] + (i >= 6 ? String(i) : ''), idNumber: validIdNumber(i + 1), phone: `1381234${String(5000 + i)}`, userId: i === 0 ? 'u1' : null }));
  return {
    row: {
      number: 'PG7K2M-2026-00012',
      categories: ['wages', 'termination'],
      summary: '申请人于2024年3月入职被申请人处，从事钢筋工工作；被申请人自2025年10月起拖欠工资，2026年1月以停工为由辞退申请人，未支付经济补偿',
      incidentDate: '2026-01-10',
      employmentEndedOn: '2026-01-15',
      respondentName: '平果某建筑有限公司',
      respondentCreditCode: '91451023MA5K3L2X4B',
      respondentContact: '王经理',
      respondentAddress: '广西壮族自治区百色市平果市马头镇某路18号',
      claimedFen: 2_500_000 * applicants,
    },
    proceedings: [failed, declined, settled],
    agreement: { proceedingId: 'm2', amountFen: 1_800_000 * applicants, terms: '被申请人按期支付后，双方就本案劳动争议再无其他争议', confirmedAt: null, recordedAt: at('2026-03-10T16:00:00') },
    applicants: people,
    claims: people.flatMap((p) => [
      { id: `${p.id}c1`, applicantId: p.id, category: 'wages', description: '支付2025年10月至12月工资', amountFen: 1_500_000 },
      { id: `${p.id}c2`, applicantId: p.id, category: 'termination', description: '支付解除劳动合同经济补偿', amountFen: 1_000_000 },
    ]),
    hearings: [{ proceedingId: 'm2', at: at('2026-03-09T09:30:00'), place: '平果市总工会三楼调解室' }],
    instalments: [{ dueOn: '2026-04-10', amountFen: 900_000 * applicants }, { dueOn: '2026-05-10', amountFen: 900_000 * applicants }],
    served: [{ documentType: 'agreement', title: null, fileName: null, to: 'applicants', channel: 'sms_link', servedAt: at('2026-03-11T10:00:00'), orgId: 'o1' }],
  };
}

/** The facts of each type: the whole case's, the decline and the mediation's end from the proceedings they name. */
function samples(): [string, DocumentFacts][] {
  const c = wholeCase();
  const [failed, declined] = c.proceedings;
  const rows: [string, DocumentFacts][] = [];
  for (const type of DOCUMENT_TYPES) {
    const from = type === 'decline_notice' ? { ...c, proceedings: [failed, declined] } : type === 'mediation_ended' ? { ...c, proceedings: [failed] } : c;
    rows.push([type, documentFacts(from, type)!]);
  }
  rows.push(['application, 12 applicants', documentFacts(wholeCase(12), 'application')!]);
  rows.push(['agreement, 12 applicants', documentFacts(wholeCase(12), 'agreement')!]);
  return rows;
}

const stamp = (masked = false) => ({ code: 'ABCD2345EFGH', issuedAt: at('2026-03-10T17:00:00'), verifyUrl: '/verify/documents/ABCD2345EFGH', masked });

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

async function renderTable() {
  const before = process.memoryUsage();
  const [firstMs] = await time(() => renderDocument(samples()[0][1], stamp()));
  const after = process.memoryUsage();
  console.log(`RSS before: ${mb(before.rss)}; first document (fonts parsed): ${firstMs.toFixed(0)} ms; fonts add ${mb(after.rss - before.rss)} RSS, ${mb(after.heapUsed - before.heapUsed)} heap, ${mb(after.external - before.external)} external`);
  const rows = samples();
  const perRound = new Map<string, { p50: number[]; p95: number[] }>(rows.map(([name]) => [name, { p50: [], p95: [] }]));
  const sizes = new Map<string, Buffer>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, facts] of rows) {
      const times: number[] = [];
      for (let i = 0; i < RENDERS; i++) {
        const [ms, pdf] = await time(() => renderDocument(facts, stamp()));
        times.push(ms);
        sizes.set(name, pdf);
      }
      perRound.get(name)!.p50.push(median(times));
      perRound.get(name)!.p95.push(p95(times));
    }
  }
  console.log(`\nrender from facts: ${ROUNDS} rounds × ${RENDERS} renders of each; median over the rounds of each round's median and p95`);
  console.log('| document | variant | pages | bytes | median ms | p95 ms |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [name, facts] of rows) {
    const r = perRound.get(name)!;
    const pdf = sizes.get(name)!;
    console.log(`| ${name} | ${facts.variant} | ${pages(pdf)} | ${pdf.length} | ${median(r.p50).toFixed(1)} | ${median(r.p95).toFixed(1)} |`);
    if (args.out) {
      mkdirSync(args.out, { recursive: true });
      writeFileSync(join(args.out, `${name.replace(/[^a-z_0-9]+/g, '-')}.pdf`), pdf);
    }
  }
  const masked = await renderDocument(rows[0][1], stamp(true));
  console.log(`\nmemory after ${ROUNDS * RENDERS * rows.length} renders: RSS ${mb(process.memoryUsage().rss)}, heap ${mb(process.memoryUsage().heapUsed)}; a masked application ${masked.length} bytes`);
}

/** Through the API: issuing (render and transaction), the issued bytes again, a supervisor's masked copy. */
async function apiTable() {
  const t = await testApp();
  try {
    t.setNow(at('2026-03-02T09:00:00'));
    const union = await t.org('union', { name: '平果市总工会劳动争议调解委员会' });
    const mediator = await t.staff('mediator', union.id);
    const supervisor = await t.supervisor('4510');
    const res = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id) });
    const id = res.json().id;
    await act(t, mediator.token, id, 'accept');
    const get = (token: string, type: string) => t.app.inject({ method: 'GET', url: `/cases/${id}/documents/${type}`, headers: { authorization: `Bearer ${token}` } });
    const issue: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      // A new session each time: its notice is issued anew.
      await act(t, mediator.token, id, 'schedule', { at: `2026-04-${String(1 + (i % 28)).padStart(2, '0')}T09:${String(i).padStart(2, '0')}:00+08:00`, place: '调解室' });
      const [ms, r] = await time(() => get(mediator.token, 'hearing_notice'));
      if (r.statusCode !== 200) throw new Error(`hearing_notice: ${r.statusCode} ${r.body}`);
      issue.push(ms);
    }
    await act(t, mediator.token, id, 'settle', { agreement: agreementIn('一次付清', ['2026-04-10', 1_500_000]) });
    await get(mediator.token, 'agreement');
    const again: number[] = [];
    const masked: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      again.push((await time(() => get(mediator.token, 'agreement')))[0]);
      masked.push((await time(() => get(supervisor.token, 'agreement')))[0]);
    }
    console.log(`\nthrough the API on PGlite in memory, ${RENDERS} requests each:`);
    console.log('| request | median ms | p95 ms |');
    console.log('|---|---:|---:|');
    console.log(`| session notice issued (render, blob, row, event) | ${median(issue).toFixed(1)} | ${p95(issue).toFixed(1)} |`);
    console.log(`| agreement as issued (stored bytes) | ${median(again).toFixed(1)} | ${p95(again).toFixed(1)} |`);
    console.log(`| agreement masked for a supervisor (re-rendered) | ${median(masked).toFixed(1)} | ${p95(masked).toFixed(1)} |`);
  } finally {
    await t.close();
  }
}

await renderTable();
await apiTable();
