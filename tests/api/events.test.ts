import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../src/cases/eventLog.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';

let t: TestContext;
let union: { id: string };
let commission: { id: string };
let mediator: TestUser;
let arbitrator: TestUser;
let outsider: TestUser;
let supervisor: TestUser;
let worker: TestUser & { phone: string; idNumber: string };

beforeAll(async () => {
  t = await testApp();
  union = await t.org('union', { regionCode: '451023' });
  commission = await t.org('arbitration_commission', { regionCode: '451000' });
  const elsewhere = await t.org('union', { regionCode: '440305' });
  mediator = await t.staff('mediator', union.id);
  arbitrator = await t.staff('arbitrator', commission.id);
  outsider = await t.staff('mediator', elsewhere.id);
  supervisor = await t.supervisor('4510');
  worker = await t.worker();
});
afterAll(() => t.close());

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** A worker's case taken through a few steps: file, accept, note, fail, refer (5 events). */
async function caseWithHistory(): Promise<string> {
  const res = await t.call('POST', '/cases', {
    token: worker.token,
    body: caseBody(union.id, {
      applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 800_000 }] }],
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await act(t, mediator.token, id, 'accept');
  await act(t, mediator.token, id, 'note', { text: '已通知用人单位' });
  await act(t, mediator.token, id, 'fail', { reason: '用人单位拒绝调解' });
  await act(t, worker.token, id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '申请仲裁' });
  return id;
}

/** The error a statement raised, with its causes, as one string (drizzle wraps driver errors). */
/** How many events the database holds, every case together. */
async function eventCount(): Promise<number> {
  const r = await t.handle.db.execute<{ n: number }>(sql`select count(*)::int as n from events`);
  return ((r as unknown as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[]))[0].n;
}

async function refusal(statement: Promise<unknown>): Promise<string> {
  let error: unknown;
  try {
    await statement;
  } catch (e) {
    error = e;
  }
  expect(error, 'the database accepted the statement').toBeDefined();
  const parts: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) parts.push(String(e.message));
  return parts.join(' | ');
}

async function eventRows(caseId: string) {
  return rowsOf<{ seq: number; action: string; data: unknown; hash: string }>(
    await t.handle.db.execute(sql`select seq, action, data, hash from events where case_id = ${caseId} order by seq`),
  );
}

/** Runs `fn` with the append-only trigger off, as an attacker with DDL rights could. */
async function withTriggerDisabled(fn: () => Promise<unknown>) {
  await t.handle.db.execute(sql`alter table events disable trigger events_no_update_delete`);
  try {
    await fn();
  } finally {
    await t.handle.db.execute(sql`alter table events enable trigger events_no_update_delete`);
  }
}

/**
 * Rewrites one event's data and recomputes that event's own hash from its stored predecessor,
 * with the trigger off: a forger who knows the hashing but cannot touch the later links.
 */
async function rewriteWithOwnHash(caseId: string, seq: number, change: (data: Record<string, unknown>) => Record<string, unknown>) {
  const [row] = rowsOf<any>(await t.handle.db.execute(sql`select * from events where case_id = ${caseId} and seq = ${seq}`));
  const data = change(row.data as Record<string, unknown>);
  const hash = eventHash(row.prev_hash, {
    caseId,
    seq,
    action: row.action,
    actorUserId: row.actor_user_id,
    actorOrgId: row.actor_org_id,
    proceedingId: row.proceeding_id,
    internal: row.internal,
    data,
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
  });
  await withTriggerDisabled(() =>
    t.handle.db.execute(sql`update events set data = ${JSON.stringify(data)}::jsonb, hash = ${hash} where case_id = ${caseId} and seq = ${seq}`),
  );
}

async function verify(caseId: string, who: TestUser) {
  const res = await t.call('GET', `/cases/${caseId}/verify`, { token: who.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { intact: boolean; events: number; brokenAt: number | null; problem: string | null };
}

describe('the database refuses to change events (SPEC §3)', () => {
  let caseId: string;
  let before: Awaited<ReturnType<typeof eventRows>>;
  beforeAll(async () => {
    caseId = await caseWithHistory();
    before = await eventRows(caseId);
    expect(before).toHaveLength(5);
  });

  it('UPDATE is refused', async () => {
    const message = await refusal(t.handle.db.execute(sql`update events set data = '{"reason":"改写"}'::jsonb where case_id = ${caseId} and seq = 4`));
    expect(message).toMatch(/append-only/);
  });

  it('UPDATE of every row at once is refused', async () => {
    expect(await refusal(t.handle.db.execute(sql`update events set internal = not internal`))).toMatch(/append-only/);
  });

  it('DELETE is refused', async () => {
    expect(await refusal(t.handle.db.execute(sql`delete from events where case_id = ${caseId} and seq = 3`))).toMatch(/append-only/);
    expect(await refusal(t.handle.db.execute(sql`delete from events`))).toMatch(/append-only/);
  });

  it('TRUNCATE is refused', async () => {
    expect(await refusal(t.handle.db.execute(sql`truncate events`))).toMatch(/append-only/);
  });

  it('TRUNCATE of the cases with CASCADE is refused too', async () => {
    const before = await eventCount();
    // The cascade reaches the events, whose trigger refuses it.
    expect(await refusal(t.handle.db.execute(sql`truncate cases cascade`))).toMatch(/append-only/);
    expect(await eventCount()).toBe(before);
  });

  it('deleting the case underneath its events is refused', async () => {
    const before = await eventCount();
    // Its rows (applicants, proceedings, events…) hold on to it.
    expect(await refusal(t.handle.db.execute(sql`delete from cases where id = ${caseId}`))).toMatch(/foreign key|append-only/);
    expect(await eventCount()).toBe(before);
  });

  it('a refused change inside a transaction rolls the transaction back', async () => {
    const version = (await t.call('GET', `/cases/${caseId}`, { token: mediator.token })).json().version;
    await refusal(
      t.handle.db.transaction(async (tx) => {
        await tx.execute(sql`update cases set version = version + 100 where id = ${caseId}`);
        await tx.execute(sql`delete from events where case_id = ${caseId}`);
      }),
    );
    expect((await t.call('GET', `/cases/${caseId}`, { token: mediator.token })).json().version).toBe(version);
  });

  it('after all that, every event is still there, unchanged, and the chain verifies', async () => {
    expect(await eventRows(caseId)).toEqual(before);
    expect(await verify(caseId, mediator)).toEqual({ intact: true, events: 5, brokenAt: null, problem: null });
  });

  it('appending still works', async () => {
    await act(t, arbitrator.token, caseId, 'accept');
    expect(await eventRows(caseId)).toHaveLength(6);
    expect((await verify(caseId, arbitrator)).intact).toBe(true);
  });
});

describe('the hash chain: GET /cases/:id/verify', () => {
  it('an untouched case is intact', async () => {
    const id = await caseWithHistory();
    expect(await verify(id, mediator)).toEqual({ intact: true, events: 5, brokenAt: null, problem: null });
  });

  it('changing an event\'s data is detected at that event', async () => {
    const id = await caseWithHistory();
    await withTriggerDisabled(() =>
      t.handle.db.execute(sql`update events set data = jsonb_set(data, '{reason}', '"双方已和解"') where case_id = ${id} and seq = 4`),
    );
    // The trigger is back on.
    expect(await refusal(t.handle.db.execute(sql`update events set action = 'x' where case_id = ${id}`))).toMatch(/append-only/);
    const result = await verify(id, mediator);
    expect(result).toMatchObject({ intact: false, events: 5, brokenAt: 4 });
    expect(result.problem).toEqual(expect.any(String));
  });

  it('changing who acted or when is detected', async () => {
    const id = await caseWithHistory();
    await withTriggerDisabled(() =>
      t.handle.db.execute(sql`update events set occurred_at = occurred_at - interval '3 days' where case_id = ${id} and seq = 2`),
    );
    expect(await verify(id, mediator)).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('turning a public note internal is detected', async () => {
    const id = await caseWithHistory();
    await withTriggerDisabled(() => t.handle.db.execute(sql`update events set internal = true where case_id = ${id} and seq = 3`));
    expect(await verify(id, mediator)).toMatchObject({ intact: false, brokenAt: 3 });
  });

  it('deleting an event from the middle is detected', async () => {
    const id = await caseWithHistory();
    await withTriggerDisabled(() => t.handle.db.execute(sql`delete from events where case_id = ${id} and seq = 3`));
    expect(await verify(id, mediator)).toMatchObject({ intact: false, events: 4, brokenAt: 4 });
  });

  it('deleting the newest event is detected', async () => {
    const id = await caseWithHistory();
    await withTriggerDisabled(() => t.handle.db.execute(sql`delete from events where case_id = ${id} and seq = 5`));
    expect(await verify(id, mediator)).toMatchObject({ intact: false, events: 4 });
  });

  it('rewriting an event and recomputing its own hash is still caught by the next link', async () => {
    const id = await caseWithHistory();
    await rewriteWithOwnHash(id, 2, (data) => ({ ...data, forged: true }));
    expect(await verify(id, mediator)).toMatchObject({ intact: false, brokenAt: 3 });
  });

  it('rewriting the newest event with a fresh hash is caught against the case\'s head', async () => {
    const id = await caseWithHistory();
    await rewriteWithOwnHash(id, 5, (data) => ({ ...data, reason: '改写的理由' }));
    expect(await verify(id, mediator)).toMatchObject({ intact: false, events: 5 });
  });

  it('tampering with one case leaves the others intact', async () => {
    const a = await caseWithHistory();
    const b = await caseWithHistory();
    await withTriggerDisabled(() => t.handle.db.execute(sql`update events set data = '{}'::jsonb where case_id = ${a} and seq = 1`));
    expect((await verify(a, mediator)).intact).toBe(false);
    expect((await verify(b, mediator)).intact).toBe(true);
  });

  describe('who may verify', () => {
    let id: string;
    beforeAll(async () => {
      id = await caseWithHistory();
    });

    it('staff of every organisation that handled the case', async () => {
      expect((await verify(id, mediator)).intact).toBe(true);
      expect((await verify(id, arbitrator)).intact).toBe(true);
    });

    it('a supervisor of the region', async () => {
      expect((await verify(id, supervisor)).intact).toBe(true);
    });

    it('not the worker, even their own case: 403', async () => {
      const res = await t.call('GET', `/cases/${id}/verify`, { token: worker.token });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: expect.objectContaining({ code: 'FORBIDDEN' }), requestId: expect.any(String) });
    });

    it('not staff of an unrelated organisation nor an administrator: 404', async () => {
      for (const who of [outsider, t.admin]) {
        const res = await t.call('GET', `/cases/${id}/verify`, { token: who.token });
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
    });

    it('not anonymous callers: 401', async () => {
      expect((await t.call('GET', `/cases/${id}/verify`)).statusCode).toBe(401);
    });
  });
});
