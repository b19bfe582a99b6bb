/**
 * The demo data (seeds/demo.ts) is what a newcomer sees first: it must load on an empty
 * database, cover every state of SPEC §§3–4, and every account it prints must sign in.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { login } from '../../src/auth/service.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { verifyCase } from '../../src/cases/service.js';
import type { DbHandle } from '../../src/db/client.js';
import { agreements, applicants, cases, claims, events, organizations, payments, proceedings, users } from '../../src/db/schema/index.js';
import { CASE_OUTCOMES, CATEGORIES, ORG_KINDS, PROCEEDING_KINDS, PROCEEDING_OUTCOMES } from '../../src/domain/model.js';
import { chinaDate } from '../../src/domain/time.js';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_STAFF, DEMO_WORKERS, seedDemo } from '../../seeds/demo.js';
import { freshDatabase } from '../support/db.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';

let handle: DbHandle;
const started = new Date();

beforeAll(async () => {
  handle = await freshDatabase();
  await ensureAdmin(handle.db, { username: 'admin', password: 'admin', policy: TEST_PASSWORD_POLICY });
  // Cheap argon2 parameters keep the suite quick; login verifies whatever parameters a hash carries.
  await seedDemo(handle.db, { passwordPolicy: TEST_PASSWORD_POLICY });
});
afterAll(() => handle?.close());

const db = () => handle.db;

async function supervisor(username: string): Promise<Caller> {
  const [u] = await db().select().from(users).where(eq(users.username, username));
  return { userId: u.id, role: u.role, orgId: u.orgId, regionCode: u.regionCode, name: u.name };
}

describe('demo seed', () => {
  it('files about 200 cases, individual and collective, through every channel and category', async () => {
    const rows = await db().select().from(cases);
    expect(rows.length).toBeGreaterThanOrEqual(180);
    expect(rows.length).toBeLessThanOrEqual(220);
    expect(new Set(rows.map((c) => c.kind))).toEqual(new Set(['individual', 'collective']));
    expect(new Set(rows.map((c) => c.channel))).toEqual(new Set(['online', 'walk_in', 'court_delegated']));
    expect(new Set(rows.flatMap((c) => c.categories))).toEqual(new Set(CATEGORIES));
    expect(new Set(rows.map((c) => c.number)).size).toBe(rows.length);
  });

  it('has an organisation of every kind, with the fixed intake codes, in more than one province', async () => {
    const orgs = await db().select().from(organizations);
    expect(new Set(orgs.map((o) => o.kind))).toEqual(new Set(ORG_KINDS));
    expect(orgs.map((o) => o.intakeCode).sort()).toEqual(DEMO_ORGS.map((o) => o.intakeCode).sort());
    for (const o of orgs) expect(o.intakeCode).toMatch(/^[A-Z0-9]{4,12}$/);
    expect(new Set(orgs.map((o) => o.regionCode.slice(0, 2)))).toEqual(new Set(['45', '44']));
  });

  it('covers every proceeding state and outcome, and every case outcome', async () => {
    const procs = await db().select().from(proceedings);
    const rows = await db().select().from(cases);
    const open = rows.filter((c) => c.status === 'open');
    // Where open cases stand now: each kind of proceeding waiting to be accepted and under way.
    const current = new Set(open.map((c) => `${c.currentKind}:${c.currentState}`));
    for (const kind of PROCEEDING_KINDS) {
      expect(current, kind).toContain(`${kind}:received`);
      expect(current, kind).toContain(`${kind}:accepted`);
    }
    expect(new Set(open.map((c) => c.currentState))).toEqual(new Set(['received', 'accepted', 'concluded', 'declined']));
    expect(procs.some((p) => p.paused && p.state === 'accepted')).toBe(true);
    expect(procs.some((p) => p.extensionCount > 0)).toBe(true);
    expect(new Set(procs.flatMap((p) => (p.outcome ? [p.outcome] : [])))).toEqual(new Set(PROCEEDING_OUTCOMES));
    expect(new Set(rows.flatMap((c) => (c.outcome ? [c.outcome] : [])))).toEqual(new Set(CASE_OUTCOMES));
    // Open cases whose newest proceeding ended: failed mediation, award, refusal and so on.
    const openEnded = new Set(
      open.map((c) => procs.filter((p) => p.caseId === c.id).sort((a, b) => b.seq - a.seq)[0]).flatMap((p) => (p.outcome ? [`${p.kind}:${p.outcome}`] : [])),
    );
    for (const o of ['mediation:settled', 'mediation:failed', 'mediation:withdrawn', 'arbitration:awarded', 'arbitration:settled', 'confirmation:confirmed', 'confirmation:refused', 'litigation:judged']) {
      expect(openEnded, o).toContain(o);
    }

    const agr = await db().select().from(agreements);
    expect(new Set(agr.map((a) => a.status))).toEqual(new Set(['pending', 'performed', 'defaulted']));
    expect(agr.some((a) => a.status === 'pending' && a.paidFen > 0)).toBe(true);
    const awards = agr.filter((a) => a.final !== null);
    expect(new Set(awards.map((a) => a.final))).toEqual(new Set([true, false]));
  });

  it('mediates 27 retired workers at the union and confirms it at the court the same day', async () => {
    const [c] = await db().select().from(cases).where(eq(cases.applicantCount, 27));
    expect(c).toBeDefined();
    expect(c).toMatchObject({ kind: 'collective', status: 'closed', outcome: 'performed', categories: ['wages'] });
    const people = await db().select().from(applicants).where(eq(applicants.caseId, c.id)).orderBy(asc(applicants.position));
    const owed = await db().select().from(claims).where(eq(claims.caseId, c.id));
    expect(people).toHaveLength(27);
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(27);
    for (const p of people) {
      const own = owed.filter((cl) => cl.applicantId === p.id);
      expect(own, p.name).toHaveLength(1);
      expect(own[0]).toMatchObject({ category: 'wages' });
      expect(own[0].amountFen).toBeGreaterThan(0);
    }
    const procs = await db()
      .select({ p: proceedings, orgKind: organizations.kind, orgName: organizations.name })
      .from(proceedings)
      .innerJoin(organizations, eq(organizations.id, proceedings.orgId))
      .where(eq(proceedings.caseId, c.id))
      .orderBy(asc(proceedings.seq));
    expect(procs.map((r) => [r.p.kind, r.orgKind, r.p.outcome])).toEqual([
      ['mediation', 'union', 'settled'],
      ['confirmation', 'court', 'confirmed'],
    ]);
    expect(procs[0].orgName).toBe('平果市总工会劳动争议调解室');
    expect(procs[1].orgName).toBe('平果市人民法院');
    expect(chinaDate(procs[1].p.concludedAt!)).toBe(chinaDate(procs[0].p.concludedAt!));
    const [agreement] = await db().select().from(agreements).where(eq(agreements.caseId, c.id));
    expect(agreement.amountFen).toBe(owed.reduce((s, cl) => s + cl.amountFen, 0));
    expect(chinaDate(agreement.confirmedAt!)).toBe(chinaDate(agreement.recordedAt));
    // Signed on paper at the session by the 27 and the employer (SPEC §10), so effective and confirmable at once.
    expect(agreement.signatures).toHaveLength(28);
    expect(agreement.signatures.every((sg) => sg.method === 'in_person' && sg.signedAt === agreement.signatures[0].signedAt)).toBe(true);
    expect(agreement.signatures.filter((sg) => sg.party === 'applicant').map((sg) => sg.applicantIndex)).toEqual([...Array(27).keys()]);
    // Each worker's share is what they claimed, and each was paid it at the same sitting (一次性履行).
    const claimedBy = people.map((p) => owed.find((cl) => cl.applicantId === p.id)!.amountFen);
    expect(agreement.perApplicant).toEqual(claimedBy.map((amountFen, applicantIndex) => ({ applicantIndex, amountFen })));
    const paid = await db().select().from(payments).where(eq(payments.agreementId, agreement.id)).orderBy(asc(payments.applicantIndex));
    expect(paid.map((p) => [p.applicantIndex, p.amountFen])).toEqual(claimedBy.map((fen, i) => [i, fen]));
    expect(new Set(paid.map((p) => chinaDate(p.paidAt)))).toEqual(new Set([chinaDate(agreement.recordedAt)]));
    expect(agreement).toMatchObject({ status: 'performed', paidFen: agreement.amountFen });
  });

  it('goes to judicial confirmation only with agreements every party has signed (SPEC §10)', async () => {
    const procs = await db().select().from(proceedings).orderBy(asc(proceedings.caseId), asc(proceedings.seq));
    const agr = await db().select().from(agreements);
    const confirmations = procs.filter((p) => p.kind === 'confirmation');
    expect(confirmations.length).toBeGreaterThan(5);
    for (const conf of confirmations) {
      const settled = procs.filter((p) => p.caseId === conf.caseId && p.seq < conf.seq && p.outcome === 'settled').at(-1)!;
      const a = agr.find((x) => x.proceedingId === settled.id)!;
      const applicantsOf = await db().$count(applicants, eq(applicants.caseId, conf.caseId));
      expect(a.signatures.filter((sg) => sg.party === 'applicant')).toHaveLength(applicantsOf);
      expect(a.signatures.filter((sg) => sg.party === 'respondent')).toHaveLength(1);
    }
  });

  it('back-dates consistently: received on or after the incident, events in order and in the past', async () => {
    const rows = await db().select().from(cases);
    for (const c of rows) expect(chinaDate(c.receivedAt) >= c.incidentDate, c.number).toBe(true);
    const received = rows.map((c) => c.receivedAt.getTime());
    const days = (ms: number) => ms / 86_400_000;
    expect(days(started.getTime() - Math.min(...received))).toBeGreaterThan(600);
    expect(days(started.getTime() - Math.min(...received))).toBeLessThan(800);
    expect(days(started.getTime() - Math.max(...received))).toBeLessThan(10);

    const all = await db().select({ caseId: events.caseId, seq: events.seq, occurredAt: events.occurredAt }).from(events).orderBy(asc(events.caseId), asc(events.seq));
    let prev: (typeof all)[number] | null = null;
    for (const e of all) {
      expect(e.occurredAt.getTime()).toBeLessThanOrEqual(started.getTime());
      if (prev && prev.caseId === e.caseId) expect(e.occurredAt.getTime()).toBeGreaterThanOrEqual(prev.occurredAt.getTime());
      prev = e;
    }
  });

  it('lets every seeded account sign in with the demo password', async () => {
    const seeded = await db().select().from(users).where(ne(users.role, 'admin'));
    for (const s of DEMO_STAFF) expect(seeded.map((u) => u.username)).toContain(s.username);
    expect(new Set(seeded.map((u) => u.role))).toEqual(new Set(['mediator', 'arbitrator', 'court_liaison', 'supervisor', 'worker']));
    const workers = seeded.filter((u) => u.role === 'worker');
    for (const w of workers) expect(w.username).toMatch(/^1[3-9]\d{9}$/);
    // The README's worker accounts each follow a case of their own, as its first applicant.
    for (const d of DEMO_WORKERS) {
      const account = workers.find((w) => w.username === d.phone);
      expect(account, d.phone).toMatchObject({ name: d.name });
      const own = await db().select().from(applicants).where(and(eq(applicants.userId, account!.id), eq(applicants.position, 1)));
      expect(own.length, d.phone).toBeGreaterThanOrEqual(1);
      expect(own[0].idNumber).toBe(account!.idNumber);
    }
    for (const u of seeded) {
      const signedIn = await login({ db: db(), passwordPolicy: TEST_PASSWORD_POLICY }, { username: u.username, password: DEMO_PASSWORD });
      expect(signedIn.id).toBe(u.id);
    }
  });

  it('keeps every case hash chain intact, as each region supervisor sees it', async () => {
    const guangxi = await supervisor('supervisor.guangxi');
    const shenzhen = await supervisor('supervisor.shenzhen');
    const baise = await supervisor('supervisor.baise');
    const rows = await db()
      .select({ id: cases.id, number: cases.number, region: organizations.regionCode })
      .from(cases)
      .innerJoin(organizations, eq(organizations.id, cases.orgId));
    const deps = { db: db(), now: () => new Date() };
    for (const c of rows) {
      const who = c.region.startsWith('44') ? shenzhen : guangxi;
      const v = await verifyCase(deps, who, c.id);
      expect(v, c.number).toMatchObject({ intact: true, brokenAt: null });
    }
    // Region scoping is visible: each province's supervisor sees cases, 百色's sees only 4510.
    expect(rows.some((c) => c.region.startsWith('4403'))).toBe(true);
    expect(rows.some((c) => c.region.startsWith('4501'))).toBe(true);
    const outside = rows.find((c) => c.region.startsWith('4403'))!;
    await expect(verifyCase(deps, baise, outside.id)).rejects.toMatchObject({ statusCode: 404 });
    const [pingguo] = await db()
      .select({ id: cases.id })
      .from(cases)
      .innerJoin(organizations, and(eq(organizations.id, cases.orgId), eq(organizations.regionCode, '451023')))
      .limit(1);
    await expect(verifyCase(deps, baise, pingguo.id)).resolves.toMatchObject({ intact: true });
  });
});
