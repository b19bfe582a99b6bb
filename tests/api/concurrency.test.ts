import { describe, expect, it } from 'vitest';
import { caseBody, useTestApp } from '../support/app.js';

const t = useTestApp();

describe('optimistic concurrency', () => {
  it('of many parallel actions carrying the same version, exactly one succeeds and the rest change nothing', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const c = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { acceptNow: true }) })).json();

    const attempts = 24;
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        t.call('POST', `/cases/${c.id}/actions`, {
          token: mediator.token,
          body: { action: 'note', version: c.version, text: `记录 ${i}`, internal: i % 2 === 0 },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(attempts - 1);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('VERSION_CONFLICT');

    const after = (await t.call('GET', `/cases/${c.id}`, { token: mediator.token })).json();
    expect(after.version).toBe(c.version + 1);
    const events = (await t.call('GET', `/cases/${c.id}/events`, { token: mediator.token })).json().items;
    expect(events.filter((e: { action: string }) => e.action === 'note')).toHaveLength(1);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
  });

  it('of parallel different actions with the same version, one wins and the case stays consistent', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const c = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { acceptNow: true }) })).json();
    const bodies = [
      { action: 'fail', reason: '调解不成' },
      { action: 'settle', agreement: { amountFen: 100_000, terms: '一次性支付' } },
      { action: 'withdraw', reason: '撤回' },
      { action: 'pause', reason: '中止' },
    ];
    const results = await Promise.all(
      bodies.map((b) => t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { ...b, version: c.version } })),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const after = (await t.call('GET', `/cases/${c.id}`, { token: mediator.token })).json();
    expect(after.version).toBe(c.version + 1);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect(after.proceedings).toEqual(winner.proceedings);
  });
});

describe('case numbering', () => {
  it('gives parallel filings at one organisation unique, gapless numbers', async () => {
    const union = await t.org('union');
    const other = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const otherMediator = await t.staff('mediator', other.id);
    const filings = 30;
    const results = await Promise.all([
      ...Array.from({ length: filings }, () => t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id) })),
      ...Array.from({ length: 10 }, () => t.call('POST', '/cases', { token: otherMediator.token, body: caseBody(other.id) })),
    ]);
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const ours = results.slice(0, filings).map((r) => r.json().number as string);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const seqs = ours
      .map((n) => {
        expect(n.startsWith(`${union.intakeCode}-${year}-`)).toBe(true);
        return Number(n.split('-').at(-1));
      })
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: filings }, (_, i) => i + 1));
    const theirs = results.slice(filings).map((r) => Number((r.json().number as string).split('-').at(-1))).sort((a, b) => a - b);
    expect(theirs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('numbers a back-dated paper filing in the year it was received', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const res = await t.call('POST', '/cases', {
      token: mediator.token,
      body: caseBody(union.id, { incidentDate: '2024-11-01', occurredAt: '2024-12-31T16:30:00Z' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    // 16:30 UTC on 31 December is 00:30 on 1 January in China.
    expect(res.json().number).toBe(`${union.intakeCode}-2025-00001`);
  });
});
