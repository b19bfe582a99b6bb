/**
 * Demo data (SPEC §8): organisations of every kind in 百色·平果, 南宁 and 深圳·宝安, their staff,
 * supervisors for three regions, registered workers, and about 200 cases spread over two years
 * and over every state a case can be in.
 *
 * Everything goes through the services (organisations, users, auth, cases), so case numbers,
 * events, hash chains and denormalised state are exactly what real use would produce. A seeded
 * PRNG decides every name, amount and path, so each start produces the same data; dates are laid
 * out backwards from the day of seeding, so the demo always looks current (clocks running, due
 * soon, breached) rather than two years stale.
 */
import chineseDays from 'chinese-days';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../src/auth/passwords.js';
import type { Caller } from '../src/auth/caller.js';
import { registerWorker } from '../src/auth/service.js';
import { fileCase, performAction, type CaseDeps } from '../src/cases/service.js';
import type { ActionInput, CaseDetail, FileCaseInput } from '../src/cases/schemas.js';
import type { Database } from '../src/db/client.js';
import { creditCodeCheckChar, idNumberCheckChar } from '../src/domain/identity.js';
import type { CaseOutcome, Category, ProceedingKind } from '../src/domain/model.js';
import { chinaDate, chinaMidnight } from '../src/domain/time.js';
import { createOrganization } from '../src/organisations/service.js';
import { createUser } from '../src/users/service.js';
import {
  AREAS,
  DECLINE_JURISDICTION,
  DECLINE_LIMITATION,
  DECLINE_MEDIATION,
  DEMO_ORGS,
  DEMO_PASSWORD,
  DEMO_STAFF,
  DEMO_WORKERS,
  EMPLOYERS,
  FAIL_NO_RELATION,
  FAIL_REASONS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  GIVEN_OLD_FEMALE,
  GIVEN_OLD_MALE,
  INJURIES,
  INTERNAL_NOTES,
  JOBS,
  MOBILE_PREFIXES,
  PAUSE_REASONS,
  PUBLIC_NOTES,
  REFUSE_REASONS,
  SURNAMES,
  WITHDRAW_BY_STAFF,
  WITHDRAW_BY_WORKER,
  type Area,
  type DemoOrg,
  type DemoWorker,
  type Employer,
} from './demoCatalog.js';

export { DEMO_ORGS, DEMO_PASSWORD, DEMO_STAFF, DEMO_WORKERS } from './demoCatalog.js';

export interface SeedOptions {
  /** The moment of seeding; every event lies before the start of its China date. */
  now?: Date;
  passwordPolicy?: PasswordPolicy;
  /** Told after each case is written (done of total), for start-up to show its progress. */
  onProgress?: (done: number, total: number) => void;
}

// ---------------------------------------------------------------------------------------------
// Determinism: mulberry32, a small PRNG with a fixed seed. Never Math.random.

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------------------
// Dates. Legal dates are China dates (YYYY-MM-DD); times of day are minutes after China midnight.

const DAY_MS = 86_400_000;

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function isWorkday(date: string): boolean {
  return chineseDays.isWorkday(date);
}

function nextWorkday(date: string): string {
  let d = date;
  while (!isWorkday(d)) d = addDays(d, 1);
  return d;
}

function atMinute(date: string, minute: number): Date {
  return new Date(chinaMidnight(date).getTime() + minute * 60_000);
}

/** 2024年5月 */
function ym(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月`;
}

/** 2024年5月3日 */
function cn(date: string): string {
  return `${ym(date)}${Number(date.slice(8, 10))}日`;
}

function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = new Date(Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 1));
  return d.toISOString().slice(0, 10);
}

function yuan(fen: number): string {
  const y = fen / 100;
  return Number.isInteger(y) ? y.toLocaleString('en-US') : y.toLocaleString('en-US', { minimumFractionDigits: 2 });
}

// ---------------------------------------------------------------------------------------------
// People, employers and claims.

interface Person {
  name: string;
  idNumber: string;
  phone: string | undefined;
}

interface WorkerAccount extends Person {
  phone: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ActionBody = DistributiveOmit<ActionInput, 'version' | 'occurredAt'>;
type FileBody = Omit<FileCaseInput, 'occurredAt'>;

/** The dates of a dispute, counted back from the day of filing. */
interface DisputeDates {
  filed: string;
  incident: string;
  ended: string | undefined;
  hired: string;
}

interface ClaimPlan {
  category: Category;
  amountFen: number;
  text(d: DisputeDates): string;
}

interface Party {
  employer: Employer;
  job: string;
  applicants: Person[];
  claims: ClaimPlan[][];
  categories: Category[];
  /** Days before filing. */
  incidentAgo: number;
  endedAgo: number | undefined;
  hiredAgo: number;
  summary(d: DisputeDates): string;
  /** What an agreement pays, as its terms name it. */
  subject: string;
  claimedFen: number;
}

const SUBJECTS: Record<Category, string> = {
  wages: '拖欠的工资',
  termination: '经济补偿金',
  social_insurance: '社会保险待遇损失',
  work_injury: '工伤保险待遇',
  working_time: '加班工资',
  contract: '未签订书面劳动合同二倍工资差额',
  employment_relation: '工资及相关待遇',
  other: '押金及其他款项',
};

const round100 = (yuanAmount: number) => Math.max(100, Math.round(yuanAmount / 100) * 100);

class World {
  readonly rng = new Rng(20_240_517);
  /** The China date of seeding. */
  readonly today: string;
  private readonly usedNames = new Set<string>();
  private readonly usedIds = new Set<string>();
  private readonly usedPhones = new Set<string>();
  readonly workers: WorkerAccount[] = [];
  readonly credit = new Map<string, { code: string; contact: string }>();

  constructor(today: string) {
    this.today = today;
    for (const d of DEMO_WORKERS) {
      this.usedNames.add(d.name);
      this.usedIds.add(d.id17 + idNumberCheckChar(d.id17));
      this.usedPhones.add(d.phone);
    }
    // Employers' codes come from their own stream, so adding a case template does not change them.
    const r = new Rng(91_451_023);
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const e of EMPLOYERS) {
      const area = AREAS[e.area];
      let body = `91${area.creditRegion}`;
      if (r.chance(0.7)) {
        body += 'MA5';
        for (let i = 0; i < 6; i++) body += chars[r.int(0, chars.length - 1)];
      } else {
        for (let i = 0; i < 9; i++) body += String(r.int(0, 9));
      }
      const surname = r.pick(SURNAMES[e.area]);
      const title = r.pick(['人事部经理', '行政主管', '法定代表人', '办公室主任']);
      const phone = area.landline + String(r.int(0, 10 ** area.landlineDigits - 1)).padStart(area.landlineDigits, '0');
      this.credit.set(e.name, { code: body + creditCodeCheckChar(body), contact: `${title} ${surname}${r.chance(0.6) ? '先生' : '女士'} ${phone}` });
    }
  }

  person(area: Area, opts: { retiring?: number } = {}): Person & { phone: string } {
    const r = this.rng;
    const male = r.chance(0.58);
    const old = opts.retiring !== undefined;
    let name = '';
    for (let tries = 0; tries < 50; tries++) {
      const given = old ? (male ? GIVEN_OLD_MALE : GIVEN_OLD_FEMALE) : male ? GIVEN_MALE : GIVEN_FEMALE;
      name = r.pick(SURNAMES[area]) + r.pick(given);
      if (!this.usedNames.has(name)) break;
    }
    this.usedNames.add(name);
    // Retiring in `retiring`: men at 60, women workers at 50 (国发〔1978〕104号, before the 2025 reform).
    const [lo, hi] = old ? (male ? [opts.retiring! - 61, opts.retiring! - 60] : [opts.retiring! - 51, opts.retiring! - 50]) : [1968, 2003];
    let idNumber = '';
    do {
      const year = r.int(lo, hi);
      const month = r.int(1, 12);
      const day = r.int(1, 28);
      // The 17th digit is odd for men and even for women (GB 11643-1999).
      const seq = r.int(0, 49) * 10 + r.int(0, 4) * 2 + (male ? 1 : 0);
      const first17 = `${r.pick(AREAS[area].origins)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
      idNumber = first17 + idNumberCheckChar(first17);
    } while (this.usedIds.has(idNumber));
    this.usedIds.add(idNumber);
    let phone = '';
    do {
      phone = r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0');
    } while (this.usedPhones.has(phone));
    this.usedPhones.add(phone);
    return { name, idNumber, phone };
  }

  /** A worker who registers with their phone number and files online: one of DEMO_WORKERS, or a new one. */
  worker(area: Area, fixed?: DemoWorker): WorkerAccount {
    const p = fixed ? { name: fixed.name, idNumber: fixed.id17 + idNumberCheckChar(fixed.id17), phone: fixed.phone } : this.person(area);
    this.workers.push(p);
    return p;
  }

  employerNear(area: Area, orgCode: string | null): Employer {
    const inArea = EMPLOYERS.filter((e) => e.area === area);
    if (orgCode === 'PGHTLY') return inArea.find((e) => e.near.includes('PGHTLY'))!;
    const near = inArea.filter((e) => orgCode !== null && e.near.includes(orgCode) && !e.near.includes('PGHTLY'));
    return this.rng.pick(near.length ? near : inArea.filter((e) => !e.near.includes('PGHTLY')));
  }

  /** A dispute of `primary` with `count` applicants, each with their own claims. */
  party(area: Area, employer: Employer, primary: Category, count = 1, first?: Person): Party {
    const r = this.rng;
    const [wLo, wHi] = AREAS[area].wage;
    const baseWage = Math.round(r.int(wLo, wHi) / 50) * 50;
    const job = r.pick(JOBS[employer.industry]);
    const extra: Category[] = [];
    if (primary === 'wages' && r.chance(0.2)) extra.push('working_time');
    if (primary === 'termination' && r.chance(0.5)) extra.push('wages');
    if (primary === 'termination' && r.chance(0.2)) extra.push('social_insurance');
    if (primary === 'contract' && r.chance(0.3)) extra.push('termination');
    if (primary === 'employment_relation') extra.push(r.chance(0.4) ? 'work_injury' : 'wages');
    if (primary === 'other' && r.chance(0.5)) extra.push('wages');
    if (primary === 'social_insurance' && r.chance(0.3)) extra.push('termination');
    const categories = [primary, ...extra];

    const months = r.int(1, 6);
    const years = r.int(1, 9);
    const injury = r.pick(INJURIES);
    const level = r.int(7, 10);
    const incidentAgo = {
      wages: months * 30 + r.int(15, 45),
      termination: r.int(5, 50),
      social_insurance: r.int(20, 120),
      work_injury: r.int(120, 300),
      working_time: r.int(15, 90),
      contract: r.int(15, 60),
      employment_relation: r.int(20, 90),
      other: r.int(7, 45),
    }[primary];
    const leaves = primary !== 'wages' || r.chance(0.5);
    const endedAgo = leaves ? Math.max(1, incidentAgo - (primary === 'wages' ? r.int(0, months * 20) : 0)) : undefined;
    const hiredAgo = incidentAgo + years * 365 + r.int(0, 300);

    const variant = r.next();
    const applicants: Person[] = [];
    const claims: ClaimPlan[][] = [];
    for (let i = 0; i < count; i++) {
      applicants.push(i === 0 && first ? first : this.person(area));
      const wage = Math.round((baseWage * (0.85 + r.next() * 0.3)) / 10) * 10;
      const own = categories.map((c, n) => claimFor(c, n === 0, wage, { months, years, variant, r }));
      claims.push(own);
      if (i > 0 && r.chance(0.1)) applicants[i].phone = undefined;
    }
    const claimedFen = claims.flat().reduce((s, c) => s + c.amountFen, 0);
    const who = count === 1 ? '申请人' : `申请人${applicants[0].name}等${count}人`;
    const workAs = `任${job}，月工资约${baseWage}元`;
    const summary = (d: DisputeDates): string => {
      const intro = `${who}于${ym(d.hired)}${count === 1 ? '' : '起陆续'}入职被申请人${employer.name}，${workAs}。`;
      switch (primary) {
        case 'wages':
          return `${intro}被申请人自${ym(addMonths(d.incident, -1))}起拖欠工资，累计${months}个月，${who}多次催讨未果。`;
        case 'termination':
          return `${intro}${cn(d.incident)}被申请人以经营困难为由口头通知${who}不用再上班，未办理解除手续，也未支付任何经济补偿。`;
        case 'social_insurance':
          return `${intro}在职期间被申请人未依法为${who}缴纳社会保险，${who}离职后无法享受失业保险待遇。`;
        case 'work_injury':
          return `${intro}${cn(d.incident)}${who}在工作中${injury}，经人社部门认定为工伤，劳动能力鉴定为${level}级伤残，双方就工伤保险待遇协商未果。`;
        case 'working_time':
          return `${intro}${who}每天工作约11小时，每月仅休息2天，被申请人从未支付加班工资。`;
        case 'contract':
          return `${intro}入职后被申请人一直未与${who}签订书面劳动合同。`;
        case 'employment_relation':
          return `${intro}${cn(d.incident)}${who}在工作中受伤，被申请人否认双方存在劳动关系，${who}需先确认劳动关系再申请工伤认定。`;
        case 'other':
          return `${intro}离职时被申请人以未提前一个月提出辞职为由，拒不退还入职时收取的押金。`;
      }
    };
    return { employer, job, applicants, claims, categories, incidentAgo, endedAgo, hiredAgo, summary, subject: SUBJECTS[primary], claimedFen };
  }

  primaryCategory(big = false): Category {
    if (big) {
      return this.rng.weighted<Category>([
        ['wages', 40],
        ['termination', 30],
        ['work_injury', 15],
        ['contract', 15],
      ]);
    }
    return this.rng.weighted<Category>([
      ['wages', 34],
      ['termination', 18],
      ['social_insurance', 9],
      ['work_injury', 10],
      ['working_time', 8],
      ['contract', 8],
      ['employment_relation', 7],
      ['other', 6],
    ]);
  }
}

function claimFor(
  category: Category,
  primary: boolean,
  wage: number,
  o: { months: number; years: number; variant: number; r: Rng },
): ClaimPlan {
  const { months, years, variant, r } = o;
  const fen = (y: number) => round100(y) * 100;
  switch (category) {
    case 'wages':
      if (primary) {
        const amountFen = fen(months * wage * (0.8 + r.next() * 0.2));
        const period = (d: DisputeDates) =>
          months === 1 ? ym(addMonths(d.incident, -1)) : `${ym(addMonths(d.incident, -1))}至${ym(addMonths(d.incident, months - 2))}`;
        return { category, amountFen, text: (d) => `支付拖欠的${period(d)}工资共${yuan(amountFen)}元` };
      } else {
        const amountFen = fen(wage * (0.5 + r.next()));
        return { category, amountFen, text: (d) => `支付${ym(d.ended ?? d.incident)}工资及未结清的绩效工资${yuan(amountFen)}元` };
      }
    case 'termination':
      if (variant < 0.55) {
        const amountFen = fen(2 * years * wage);
        return { category, amountFen, text: () => `支付违法解除劳动合同赔偿金${yuan(amountFen)}元（${years}年×${wage}元×2）` };
      } else {
        const amountFen = fen(years * wage);
        return { category, amountFen, text: () => `支付解除劳动合同经济补偿金${yuan(amountFen)}元（${years}个月工资）` };
      }
    case 'social_insurance':
      if (primary) {
        const amountFen = fen(r.int(3, 10) * r.int(900, 1500));
        return { category, amountFen, text: () => `赔偿未依法缴纳失业保险造成的失业保险金损失${yuan(amountFen)}元` };
      }
      return { category, amountFen: 0, text: (d) => `为申请人补缴${ym(d.hired)}至${ym(d.ended ?? d.filed)}期间的社会保险费` };
    case 'work_injury': {
      const amountFen = fen(r.int(40_000, 160_000));
      return { category, amountFen, text: () => `支付一次性伤残补助金、一次性工伤医疗补助金、一次性伤残就业补助金及停工留薪期工资共计${yuan(amountFen)}元` };
    }
    case 'working_time':
      if (variant < 0.7) {
        const amountFen = fen(r.int(2_000, 20_000));
        return { category, amountFen, text: (d) => `支付${d.incident.slice(0, 4)}年度延时加班工资及休息日加班工资${yuan(amountFen)}元` };
      } else {
        const amountFen = fen(wage * 0.5 * r.int(1, 3));
        return { category, amountFen, text: () => `支付未休年休假工资报酬${yuan(amountFen)}元` };
      }
    case 'contract': {
      const m = r.int(3, 11);
      const amountFen = fen(m * wage);
      return { category, amountFen, text: () => `支付未签订书面劳动合同的二倍工资差额${yuan(amountFen)}元（${m}个月）` };
    }
    case 'employment_relation':
      return { category, amountFen: 0, text: (d) => `确认申请人与被申请人自${cn(d.hired)}起存在劳动关系` };
    case 'other': {
      const amountFen = fen(r.int(300, 2_000));
      return { category, amountFen, text: () => `退还入职时收取的工作服押金及保证金${yuan(amountFen)}元` };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A case script: steps with relative gaps, laid out on real dates later.

interface Env {
  at: Date;
  prev: Date | null;
  times: readonly Date[];
  today: string;
  userId(username: string): string;
  orgId(intakeCode: string): string;
}

interface Step {
  actor: string;
  /** Days after the previous step; 0 means later the same day. */
  gap: number;
  /** Minute of the day when the step starts a new day. */
  fresh: number;
  /** Minutes after the previous step on the same day. */
  delta: number;
  /** Workers act any day; staff act on working days. */
  anyDay: boolean;
  build(env: Env): ActionBody | FileBody;
}

interface AgreementPlan {
  step: number;
  amountFen: number;
  /** Days after the agreement on which each instalment falls due. */
  offsets: number[];
  amounts: number[];
  paid: number;
  /** Day (from the start) of the agreement. */
  day: number;
  handler: string;
  /** Each worker's share, by applicant index (SPEC §10 perApplicant), when the agreement is split per worker. */
  shares?: number[];
}

type Channel = 'online' | 'walk_in' | 'court_delegated';

const ORGS = new Map(DEMO_ORGS.map((o) => [o.intakeCode, o]));
const STAFF_OF = new Map<string, string[]>();
for (const s of DEMO_STAFF) if (s.org) STAFF_OF.set(s.org, [...(STAFF_OF.get(s.org) ?? []), s.username]);

class Script {
  readonly steps: Step[] = [];
  org!: DemoOrg;
  /** Where the case was filed. */
  firstOrg!: string;
  kind!: ProceedingKind;
  handler!: string;
  party!: Party;
  worker: WorkerAccount | null = null;
  agreement: AgreementPlan | null = null;
  /** Days since the first step. */
  day = 0;
  accepted = false;
  /** The story needs a sum worth paying in instalments. */
  wantBig = false;
  /** Hearings in the morning, leaving the afternoon for what follows the same day. */
  morningHearings = false;
  /** A session just scheduled: the next step happens at it, `days` later. */
  private pendingHearing: { step: number; days: number } | null = null;
  /** Schedule step → the step taken at that session. */
  private readonly sessions = new Map<number, number>();

  constructor(
    readonly w: World,
    readonly area: Area,
  ) {}

  get rng(): Rng {
    return this.w.rng;
  }

  private staffOf(code: string): string {
    const list = STAFF_OF.get(code)!;
    return list.length > 1 && this.rng.chance(0.35) ? list[1] : list[0];
  }

  private push(actor: string, gap: number, build: (env: Env) => ActionBody | FileBody, opts: { anyDay?: boolean; delta?: number } = {}): number {
    const r = this.rng;
    let g = gap;
    // The step after scheduling a session is taken at it, late in the morning or afternoon.
    const atSession = this.pendingHearing !== null && !opts.anyDay;
    if (atSession) {
      g = this.pendingHearing!.days;
      this.sessions.set(this.pendingHearing!.step, this.steps.length);
    }
    this.pendingHearing = null;
    const fresh = opts.anyDay
      ? r.int(7 * 60 + 30, 22 * 60 + 30)
      : atSession
        ? this.morningHearings || r.chance(0.6)
          ? r.int(10 * 60 + 40, 11 * 60 + 50)
          : r.int(16 * 60, 17 * 60 + 20)
        : r.chance(0.55)
          ? r.int(8 * 60 + 30, 11 * 60 + 45)
          : r.int(14 * 60 + 30, 17 * 60 + 30);
    const delta = opts.delta ?? r.int(8, 70);
    if (this.steps.length > 0) this.day += g;
    this.steps.push({ actor, gap: g, fresh, delta, anyDay: opts.anyDay ?? false, build });
    return this.steps.length - 1;
  }

  private act(gap: number, build: (env: Env) => ActionBody, opts: { actor?: string; anyDay?: boolean; delta?: number } = {}): number {
    return this.push(opts.actor ?? this.handler, gap, build, opts);
  }

  // -- filing -----------------------------------------------------------------------------------

  pickMediationOrg(): string {
    return this.rng.weighted(AREAS[this.area].mediation);
  }

  /** Files the case: `org` is where the first proceeding opens. */
  file(opts: {
    org: string;
    channel: Channel;
    acceptNow?: boolean;
    party?: Party;
    employer?: Employer;
    primary?: Category;
    applicants?: number;
    /** Days from the incident to filing, when the story needs it (a claim out of time). */
    incidentAgo?: number;
    /** An online filer with a fixed account. */
    worker?: DemoWorker;
    /** The staff member who takes the case, when the story names them. */
    handler?: string;
  }): this {
    const org = ORGS.get(opts.org)!;
    this.org = org;
    this.firstOrg = org.intakeCode;
    this.kind = org.kind === 'arbitration_commission' ? 'arbitration' : org.kind === 'court' ? 'litigation' : 'mediation';
    this.handler = opts.handler ?? this.staffOf(org.intakeCode);
    const r = this.rng;
    if (opts.channel === 'online') this.worker = this.w.worker(this.area, opts.worker);
    const employer = opts.employer ?? this.w.employerNear(this.area, this.kind === 'mediation' ? org.intakeCode : null);
    const count = opts.applicants ?? (r.chance(0.86) ? 1 : r.int(2, 3));
    this.party = opts.party ?? this.w.party(this.area, employer, opts.primary ?? this.w.primaryCategory(this.wantBig), count, this.worker ?? undefined);
    const actor =
      opts.channel === 'online' ? this.worker!.phone : opts.channel === 'court_delegated' ? this.staffOf(AREAS[this.area].court) : this.handler;
    const acceptNow = opts.channel === 'walk_in' && (opts.acceptNow ?? false);
    const party = this.party;
    if (opts.incidentAgo !== undefined) {
      party.incidentAgo = opts.incidentAgo;
      party.endedAgo = opts.incidentAgo;
      party.hiredAgo = Math.max(party.hiredAgo, opts.incidentAgo + 365);
    }
    const credit = this.w.credit.get(party.employer.name)!;
    this.push(
      actor,
      0,
      (env) => {
        const filed = chinaDate(env.at);
        const d: DisputeDates = {
          filed,
          incident: addDays(filed, -party.incidentAgo),
          ended: party.endedAgo === undefined ? undefined : addDays(filed, -party.endedAgo),
          hired: addDays(filed, -party.hiredAgo),
        };
        return {
          orgId: env.orgId(org.intakeCode),
          categories: party.categories,
          summary: party.summary(d),
          incidentDate: d.incident,
          ...(d.ended ? { employmentEndedOn: d.ended } : {}),
          applicants: party.applicants.map((a, i) => ({
            name: a.name,
            idNumber: a.idNumber,
            ...(a.phone ? { phone: a.phone } : {}),
            claims: party.claims[i].map((c) => ({ category: c.category, description: c.text(d), amountFen: c.amountFen })),
          })),
          respondent: { name: party.employer.name, creditCode: credit.code, contact: credit.contact, address: party.employer.address },
          ...(acceptNow ? { acceptNow: true } : {}),
        };
      },
      { anyDay: opts.channel === 'online' },
    );
    this.accepted = acceptNow;
    return this;
  }

  // -- proceeding actions -----------------------------------------------------------------------

  accept(gap: number): this {
    this.act(gap, () => ({ action: 'accept' }));
    this.accepted = true;
    return this;
  }

  decline(gap: number, reason: string): this {
    this.act(gap, () => ({ action: 'decline', reason }));
    return this;
  }

  assign(gap: number): this {
    const colleague = this.staffOf(this.org.intakeCode);
    this.act(gap, (env) => ({ action: 'assign', userId: env.userId(colleague) }));
    this.handler = colleague;
    return this;
  }

  note(gap: number, internal: boolean, text?: string): this {
    const t = text ?? (internal ? this.rng.pick(INTERNAL_NOTES) : this.rng.pick(PUBLIC_NOTES.filter((n) => this.area === 'pingguo' || !n.includes('平果'))));
    this.act(gap, () => ({ action: 'note', text: t, internal }));
    return this;
  }

  /**
   * Schedules a session or hearing `days` later. The next staff step, if any, is taken at that
   * session (which starts a little before it); otherwise the session stays on the calendar.
   */
  schedule(gap: number, days: number): this {
    const placeMinute = this.rng.chance(0.6) ? 9 * 60 + 30 : 14 * 60 + 30;
    const room = this.org.room ?? this.org.name;
    const idx = this.act(gap, (env) => {
      const linked = this.sessions.get(idx);
      let at: Date;
      if (linked !== undefined) {
        const concl = env.times[linked];
        const minute = Math.floor((concl.getTime() - chinaMidnight(chinaDate(concl)).getTime()) / 60_000);
        at = atMinute(chinaDate(concl), Math.max(8 * 60 + 30, Math.floor((minute - 100) / 30) * 30));
      } else {
        at = atMinute(nextWorkday(addDays(chinaDate(env.at), days)), placeMinute);
      }
      return { action: 'schedule', at, place: room };
    });
    this.pendingHearing = { step: idx, days };
    return this;
  }

  pause(gap: number): this {
    const reason = this.rng.pick(PAUSE_REASONS[this.kind === 'arbitration' ? 'arbitration' : 'mediation']);
    this.act(gap, () => ({ action: 'pause', reason }));
    return this;
  }

  resume(gap: number): this {
    this.act(gap, () => ({ action: 'resume' }));
    return this;
  }

  extend(gap: number): this {
    const arbitration = this.kind === 'arbitration';
    const days = arbitration ? this.rng.pick([10, 15]) : this.rng.pick([10, 15, 20]);
    const reason = arbitration ? '案情复杂，经仲裁委员会主任批准延长审理期限' : '经双方当事人同意，延长调解期限';
    this.act(gap, () => ({ action: 'extend', days, reason }));
    return this;
  }

  /** Plans an agreement of `ratio` of the claim, in `parts` instalments. */
  private planAgreement(step: number, ratio: number, parts: number, firstOffset: number, spacing: number, amountFen?: number): AgreementPlan {
    const total = amountFen ?? Math.max(100_00, Math.round((this.party.claimedFen * ratio) / 100_00) * 100_00);
    const amounts: number[] = [];
    const each = Math.floor(total / parts / 100_00) * 100_00;
    for (let i = 0; i < parts; i++) amounts.push(i === parts - 1 ? total - each * (parts - 1) : each);
    const offsets = amounts.map((_, i) => firstOffset + i * spacing);
    return { step, amountFen: total, offsets, amounts, paid: 0, day: this.day, handler: this.handler };
  }

  private agreementInput(env: Env, a: AgreementPlan, style: 'mediation' | 'arbitral_settlement' | 'award' | 'judgement' | 'payment_order' | 'court_settlement', final = false) {
    const date = chinaDate(env.at);
    const instalments = a.amounts.map((amountFen, i) => ({ dueOn: addDays(date, a.offsets[i]), amountFen }));
    const resp = this.party.employer.name;
    const who = this.party.applicants.length === 1 ? `申请人${this.party.applicants[0].name}` : `${this.party.applicants.length}名申请人`;
    const pay =
      instalments.length === 1 && a.offsets[0] === 0
        ? `当场一次性支付${who}${this.party.subject}共计人民币${yuan(a.amountFen)}元`
        : instalments.length === 1
        ? `于${cn(instalments[0].dueOn)}前一次性支付${who}${this.party.subject}共计人民币${yuan(a.amountFen)}元`
        : `分${instalments.length}期支付${who}${this.party.subject}共计人民币${yuan(a.amountFen)}元：${instalments
            .map((i, n) => `第${'一二三四五六'[n]}期于${cn(i.dueOn)}前支付${yuan(i.amountFen)}元`)
            .join('，')}`;
    // Either side may have sued, so court documents name the parties by what they are.
    const worker = who.replace('申请人', '劳动者');
    const terms = {
      mediation: `经调解，双方自愿达成如下协议：一、被申请人${resp}${pay}；二、申请人放弃其他请求；三、双方就本争议再无其他劳动争议纠纷。`,
      arbitral_settlement: `经仲裁庭主持调解，双方自愿达成如下协议：被申请人${resp}${pay}。本调解书经双方当事人签收后，即发生法律效力。`,
      award: `裁决如下：一、被申请人${resp}自本裁决书生效之日起五日内支付${who}${this.party.subject}共计人民币${yuan(a.amountFen)}元；二、驳回申请人的其他仲裁请求。${final ? '本裁决为终局裁决，自作出之日起发生法律效力。' : ''}`,
      judgement: `判决如下：一、${resp}于本判决生效之日起十日内支付${worker}${this.party.subject}共计人民币${yuan(a.amountFen)}元；二、驳回当事人的其他诉讼请求。`,
      payment_order: `支付令：债务人${resp}应当自收到本支付令之日起十五日内向债权人清偿调解协议确定的${this.party.subject}人民币${yuan(a.amountFen)}元，或者向本院书面提出异议。`,
      court_settlement: `经本院主持调解，双方当事人自愿达成如下协议：${resp}${pay.replace(who, worker)}。`,
    }[style];
    const perApplicant = a.shares?.map((amountFen, applicantIndex) => ({ applicantIndex, amountFen }));
    return { amountFen: a.amountFen, terms, instalments, ...(perApplicant ? { perApplicant } : {}) };
  }

  /**
   * Records the settlement reached at the session. The parties sign the paper agreement there and
   * then (SPEC §10 signedInPerson), so it is effective at once (人民调解法 art. 29) and may go to a
   * court for confirmation. `perWorker` splits it among the applicants in proportion to their claims.
   */
  settle(gap: number, plan: { ratio?: number; parts?: number; firstOffset?: number; spacing?: number; amountFen?: number; perWorker?: boolean } = {}): this {
    const r = this.rng;
    const ratio = plan.ratio ?? 0.6 + r.next() * 0.35;
    // Nobody pays a few thousand yuan in instalments.
    const small = this.party.claimedFen * ratio < 5_000_00;
    const parts = plan.parts ?? (small || r.chance(0.65) ? 1 : r.int(2, 3));
    const firstOffset = plan.firstOffset ?? (parts === 1 ? r.int(0, 15) : r.int(15, 30));
    const style = this.kind === 'mediation' ? 'mediation' : this.kind === 'arbitration' ? 'arbitral_settlement' : 'court_settlement';
    const step = this.act(gap, (env) => ({ action: 'settle', agreement: this.agreementInput(env, a, style), signedInPerson: true }));
    const a = this.planAgreement(step, ratio, parts, firstOffset, plan.spacing ?? 30, plan.amountFen);
    if (plan.perWorker) a.shares = this.sharesOf(a.amountFen);
    this.agreement = a;
    return this;
  }

  /** `total` split among the applicants in proportion to what each claimed, to the fen; the rounding goes to the last. */
  private sharesOf(total: number): number[] {
    const claimed = this.party.claims.map((cs) => cs.reduce((sum, c) => sum + c.amountFen, 0));
    const shares = claimed.map((c) => Math.floor((total * c) / this.party.claimedFen));
    shares[shares.length - 1] += total - shares.reduce((sum, x) => sum + x, 0);
    return shares;
  }

  fail(gap: number): this {
    const reason = this.party.categories.includes('employment_relation') ? FAIL_NO_RELATION : this.rng.pick(FAIL_REASONS);
    this.act(gap, () => ({ action: 'fail', reason }));
    return this;
  }

  award(gap: number, final: boolean, plan: { ratio?: number; parts?: number } = {}): this {
    const r = this.rng;
    const ratio = plan.ratio ?? 0.5 + r.next() * 0.5;
    const step = this.act(gap, (env) => ({ action: 'award', final, deliveredAt: env.at, agreement: this.agreementInput(env, a, 'award', final) }));
    const a = this.planAgreement(step, ratio, plan.parts ?? 1, r.int(10, 20), 30);
    this.agreement = a;
    return this;
  }

  judge(gap: number, plan: { ratio?: number; none?: boolean; paymentOrder?: boolean } = {}): this {
    const r = this.rng;
    if (plan.none) {
      this.act(gap, () => ({ action: 'judge' }));
      return this;
    }
    const outstanding = this.agreement ? this.agreement.amountFen - this.agreement.paid : undefined;
    const ratio = plan.ratio ?? 0.5 + r.next() * 0.5;
    const style = plan.paymentOrder ? 'payment_order' : 'judgement';
    const step = this.act(gap, (env) => ({ action: 'judge', agreement: this.agreementInput(env, a, style) }));
    const a = this.planAgreement(step, ratio, 1, r.int(10, 25), 30, plan.paymentOrder ? outstanding : undefined);
    this.agreement = a;
    return this;
  }

  confirm(gap: number): this {
    this.act(gap, () => ({ action: 'confirm' }));
    return this;
  }

  refuse(gap: number): this {
    const reason = this.rng.pick(REFUSE_REASONS);
    this.act(gap, () => ({ action: 'refuse', reason }));
    return this;
  }

  withdraw(gap: number, opts: { byWorker?: boolean } = {}): this {
    const byWorker = this.worker !== null && this.kind !== 'litigation' && (opts.byWorker ?? this.rng.chance(0.7));
    const reason = byWorker ? this.rng.pick(WITHDRAW_BY_WORKER) : this.rng.pick(WITHDRAW_BY_STAFF);
    const actor = byWorker ? this.worker!.phone : this.handler;
    this.act(gap, () => ({ action: 'withdraw', reason }), { actor, anyDay: byWorker });
    return this;
  }

  /** Opens a proceeding at `to`; the worker refers it themself when the route allows it. */
  refer(gap: number, to: string, kind: ProceedingKind, reason: string, byWorker = false): this {
    const actor = byWorker && this.worker ? this.worker.phone : this.handler;
    this.act(gap, (env) => ({ action: 'refer', toOrgId: env.orgId(to), kind, reason }), { actor, anyDay: byWorker && this.worker !== null });
    this.org = ORGS.get(to)!;
    this.kind = kind;
    this.handler = this.staffOf(to);
    this.accepted = false;
    return this;
  }

  /** Pays instalment `k` (0-based) around its due date. */
  pay(k: number, opts: { sameDay?: boolean; fraction?: number } = {}): this {
    const a = this.agreement!;
    const due = a.day + a.offsets[k];
    const gap = opts.sameDay ? 0 : Math.max(0, due - this.day - this.rng.int(0, 3));
    const amountFen = opts.fraction ? Math.round((a.amounts[k] * opts.fraction) / 100_00) * 100_00 : a.amounts[k];
    const early = this.rng.int(20, 240);
    this.act(
      gap,
      (env) => {
        const paidAt = new Date(Math.max(env.at.getTime() - early * 60_000, env.prev?.getTime() ?? 0));
        return { action: 'record_payment', amountFen, paidAt };
      },
      { actor: a.handler },
    );
    a.paid += amountFen;
    return this;
  }

  /** Pays every worker their share at one sitting (一次性履行), a payment each, minutes apart. */
  payEachWorker(gap: number): this {
    const a = this.agreement!;
    a.shares!.forEach((amountFen, applicantIndex) => {
      this.act(applicantIndex === 0 ? gap : 0, (env) => ({ action: 'record_payment', amountFen, paidAt: env.at, applicantIndex }), {
        actor: a.handler,
        ...(applicantIndex === 0 ? {} : { delta: 1 }),
      });
    });
    a.paid = a.amountFen;
    return this;
  }

  payAll(): this {
    const a = this.agreement!;
    for (let k = 0; k < a.amounts.length; k++) this.pay(k);
    return this;
  }

  /** Records that instalment `k` was missed, a few days after it fell due. */
  recordDefault(k: number): this {
    const a = this.agreement!;
    const gap = Math.max(1, a.day + a.offsets[k] - this.day + this.rng.int(2, 10));
    this.act(
      gap,
      (env) => {
        const due = addDays(chinaDate(env.times[a.step]), a.offsets[k]);
        return { action: 'record_default', reason: `被申请人未按协议约定于${cn(due)}前支付${a.amounts.length > 1 ? `第${'一二三四五六'[k]}期` : ''}款项${yuan(a.amounts[k])}元，经多次催告仍未履行` };
      },
      { actor: a.handler },
    );
    return this;
  }

  close(gap: number, outcome: CaseOutcome): this {
    this.act(gap, () => ({ action: 'close', outcome }));
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// Paths through the pipeline.

function channelFor(s: Script, org: string): Channel {
  if (org === 'PGHTLY') return 'walk_in';
  const delegable = AREAS[s.area].delegateTo.includes(org);
  return s.rng.weighted<Channel>([
    ['online', 40],
    ['walk_in', 48],
    ['court_delegated', delegable ? 12 : 0],
  ]);
}

/** Files a mediation, accepts it and (optionally) schedules the session that decides it. */
function mediation(
  s: Script,
  opts: { hearing?: boolean; channel?: Channel; primary?: Category; org?: string; worker?: DemoWorker; applicants?: number } = {},
): Script {
  const r = s.rng;
  const org = opts.org ?? (opts.channel === 'court_delegated' ? r.pick(AREAS[s.area].delegateTo) : s.pickMediationOrg());
  const channel = opts.channel ?? channelFor(s, org);
  s.file({ org, channel, acceptNow: r.chance(0.7), primary: opts.primary, worker: opts.worker, applicants: opts.applicants });
  if (!s.accepted) s.accept(channel === 'online' ? r.int(0, 2) : r.int(0, 1));
  if (r.chance(0.2)) s.assign(0);
  if (r.chance(0.3)) s.note(r.int(0, 2), r.chance(0.6));
  if (opts.hearing !== false) s.schedule(r.int(0, 2), r.int(2, 9));
  return s;
}

/** Files at an arbitration commission a claim it will decline: out of time, or not its to hear. Returns the reason. */
function fileOutOfTime(s: Script, channel: 'online' | 'walk_in', limitation: boolean): string {
  s.file({ org: s.rng.weighted(AREAS[s.area].arbitration), channel, ...(limitation ? { incidentAgo: s.rng.int(420, 700) } : {}) });
  return limitation ? DECLINE_LIMITATION : DECLINE_JURISDICTION;
}

const ARB_REASONS = ['调解不成，申请人申请劳动仲裁', '调解不成，经调解组织引导申请人依法申请劳动争议仲裁', '调解未达成协议，申请人向仲裁委员会申请仲裁'];

/** Arbitration, either straight at the commission or after a failed mediation. */
function arbitration(s: Script, opts: { direct?: boolean; hearing?: boolean; channel?: 'online' | 'walk_in' } = {}): Script {
  const r = s.rng;
  const direct = opts.direct ?? r.chance(0.4);
  const commission = r.weighted(AREAS[s.area].arbitration);
  if (direct) {
    const channel = opts.channel ?? (r.chance(0.5) ? 'online' : 'walk_in');
    s.file({ org: commission, channel });
  } else {
    mediation(s).fail(0);
    s.refer(r.int(0, 10), commission, 'arbitration', r.pick(ARB_REASONS), r.chance(0.6));
  }
  s.accept(r.int(1, 5));
  if (r.chance(0.3)) s.note(r.int(0, 3), r.chance(0.5));
  if (opts.hearing !== false) s.schedule(r.int(2, 10), r.int(15, 35));
  return s;
}

/** An award open to a lawsuit, brought to court. */
function lawsuitAfterAward(s: Script, opts: { hearing?: boolean } = {}): Script {
  const r = s.rng;
  arbitration(s).award(0, false);
  s.refer(r.int(5, 14), AREAS[s.area].court, 'litigation', r.pick(['申请人不服仲裁裁决，依法向人民法院提起诉讼', '被申请人不服仲裁裁决，向人民法院提起诉讼']));
  s.accept(r.int(1, 7));
  if (s.area === 'pingguo' && s.party.categories.includes('wages') && r.chance(0.5)) {
    s.note(r.int(0, 5), false, '平果市人民检察院出具支持起诉意见书，支持劳动者依法追讨劳动报酬');
  }
  if (opts.hearing !== false) s.schedule(r.int(3, 10), r.int(20, 40));
  return s;
}

/** A settled mediation taken to court for judicial confirmation (司法确认). */
function confirmation(s: Script, opts: { channel?: Channel; parts?: number } = {}): Script {
  const r = s.rng;
  mediation(s, { channel: opts.channel }).settle(0, { parts: opts.parts });
  s.refer(r.int(0, 7), AREAS[s.area].court, 'confirmation', '双方当事人共同申请对调解协议进行司法确认');
  s.accept(r.int(0, 2));
  return s;
}

interface Template {
  name: string;
  count: number;
  /** Days between the last step and yesterday; closed cases spread over two years. */
  idle?: [number, number];
  areas?: readonly (readonly [Area, number])[];
  run(s: Script): void;
}

const ANY_AREA: readonly (readonly [Area, number])[] = [
  ['pingguo', 60],
  ['nanning', 12],
  ['baoan', 28],
];
const PINGGUO_ONLY: readonly (readonly [Area, number])[] = [['pingguo', 1]];

const TEMPLATES: readonly Template[] = [
  // -- open cases: what a centre has on its desk today -----------------------------------------
  {
    name: 'mediation received',
    count: 7,
    idle: [0, 4],
    run(s) {
      const org = s.pickMediationOrg();
      s.file({ org, channel: channelFor(s, org) });
      if (s.rng.chance(0.3)) s.note(0, true, '已电话联系申请人核实身份信息及诉求');
    },
  },
  {
    name: 'mediation accepted',
    count: 10,
    idle: [0, 12],
    run(s) {
      mediation(s, { hearing: false });
      s.schedule(s.rng.int(0, 2), s.rng.int(3, 12));
    },
  },
  {
    name: 'mediation paused',
    count: 3,
    idle: [3, 40],
    run(s) {
      mediation(s, { hearing: false, primary: 'work_injury' }).pause(s.rng.int(1, 5));
    },
  },
  {
    name: 'mediation extended',
    count: 2,
    idle: [0, 8],
    run(s) {
      mediation(s, { hearing: false });
      s.schedule(1, 5).extend(s.rng.int(8, 12));
      s.schedule(0, s.rng.int(5, 10));
    },
  },
  {
    name: 'mediation settled, pending',
    count: 5,
    idle: [0, 20],
    run(s) {
      s.wantBig = true;
      mediation(s).settle(0, { parts: s.rng.int(2, 3), firstOffset: s.rng.int(25, 40) });
    },
  },
  {
    name: 'mediation settled, partly paid',
    count: 3,
    idle: [0, 10],
    run(s) {
      s.wantBig = true;
      mediation(s).settle(0, { parts: s.rng.int(2, 3), firstOffset: s.rng.int(15, 30), spacing: 45 }).pay(0);
    },
  },
  {
    name: 'mediation settled, defaulted',
    count: 4,
    idle: [0, 15],
    run(s) {
      const r = s.rng;
      s.wantBig = true;
      mediation(s, { channel: r.chance(0.5) ? 'online' : undefined }).settle(0, { parts: r.int(1, 2), firstOffset: r.int(10, 20) });
      s.recordDefault(0);
      const next = r.int(0, 2);
      if (next === 1) s.refer(r.int(1, 10), r.weighted(AREAS[s.area].arbitration), 'arbitration', '被申请人不履行调解协议，申请人依法申请仲裁', true);
      if (next === 2) s.refer(r.int(1, 10), AREAS[s.area].court, 'litigation', '被申请人不履行调解协议中的支付义务，申请人依法向人民法院申请支付令');
    },
  },
  {
    name: 'mediation failed, no next step yet',
    count: 3,
    idle: [0, 12],
    run(s) {
      mediation(s).fail(0);
    },
  },
  {
    name: 'referred to arbitration, received',
    count: 3,
    idle: [0, 3],
    run(s) {
      const r = s.rng;
      mediation(s, { channel: r.chance(0.6) ? 'online' : undefined }).fail(0);
      s.refer(r.int(0, 6), r.weighted(AREAS[s.area].arbitration), 'arbitration', r.pick(ARB_REASONS), true);
    },
  },
  {
    name: 'arbitration applied online, received',
    count: 3,
    idle: [0, 3],
    run(s) {
      s.file({ org: s.rng.weighted(AREAS[s.area].arbitration), channel: 'online' });
    },
  },
  {
    name: 'arbitration accepted',
    count: 5,
    idle: [0, 25],
    run(s) {
      arbitration(s, { hearing: false });
      s.schedule(s.rng.int(2, 8), s.rng.int(10, 30));
      if (s.rng.chance(0.4)) s.extend(s.rng.int(20, 30));
    },
  },
  {
    name: 'arbitration paused',
    count: 2,
    idle: [3, 40],
    run(s) {
      arbitration(s, { hearing: false }).pause(s.rng.int(5, 20));
    },
  },
  {
    name: 'awarded, appeal window open',
    count: 1,
    idle: [0, 12],
    run(s) {
      arbitration(s).award(0, false);
    },
  },
  {
    name: 'final award, being paid',
    count: 3,
    idle: [0, 25],
    run(s) {
      s.wantBig = true;
      arbitration(s).award(0, true, { parts: 2 });
      if (s.rng.chance(0.5)) s.pay(0);
    },
  },
  {
    name: 'arbitration declined',
    count: 2,
    idle: [0, 10],
    run(s) {
      const reason = fileOutOfTime(s, 'online', s.rng.chance(0.6));
      s.decline(s.rng.int(2, 5), reason);
    },
  },
  {
    name: 'confirmation received',
    count: 2,
    idle: [0, 3],
    run(s) {
      const r = s.rng;
      s.wantBig = true;
      mediation(s).settle(0, { parts: 2, firstOffset: 30 });
      s.refer(r.int(0, 5), AREAS[s.area].court, 'confirmation', '双方当事人共同申请对调解协议进行司法确认');
    },
  },
  {
    name: 'confirmation accepted',
    count: 2,
    idle: [0, 15],
    run(s) {
      s.wantBig = true;
      confirmation(s, { parts: 2 });
    },
  },
  {
    name: 'confirmed, being paid',
    count: 3,
    idle: [0, 20],
    run(s) {
      s.wantBig = true;
      confirmation(s, { parts: s.rng.int(2, 3) }).confirm(s.rng.int(1, 10));
    },
  },
  {
    name: 'confirmation refused',
    count: 2,
    idle: [0, 15],
    run(s) {
      confirmation(s).refuse(s.rng.int(3, 15));
    },
  },
  {
    name: 'lawsuit received',
    count: 2,
    idle: [0, 4],
    run(s) {
      const r = s.rng;
      arbitration(s).award(0, false);
      s.refer(r.int(5, 14), AREAS[s.area].court, 'litigation', '申请人不服仲裁裁决，依法向人民法院提起诉讼');
    },
  },
  {
    name: 'lawsuit accepted',
    count: 3,
    idle: [0, 30],
    run(s) {
      lawsuitAfterAward(s, { hearing: false });
      s.schedule(s.rng.int(3, 10), s.rng.int(15, 40));
    },
  },
  {
    name: 'judged, being paid',
    count: 2,
    idle: [0, 20],
    run(s) {
      lawsuitAfterAward(s).judge(s.rng.int(0, 15));
    },
  },
  {
    name: 'withdrawn, not yet closed',
    count: 1,
    idle: [0, 5],
    run(s) {
      mediation(s, { hearing: false, channel: 'online' }).withdraw(s.rng.int(1, 6));
    },
  },
  {
    name: 'arbitral settlement, being paid',
    count: 2,
    idle: [0, 20],
    run(s) {
      s.wantBig = true;
      arbitration(s).settle(0, { parts: 2, firstOffset: 20 });
      if (s.rng.chance(0.5)) s.pay(0);
    },
  },
  // -- closed cases, spread over two years ------------------------------------------------------
  {
    name: 'mediated and performed',
    count: 36,
    run(s) {
      mediation(s).settle(0).payAll().close(s.rng.int(0, 3), 'performed');
    },
  },
  {
    name: 'confirmed and performed',
    count: 15,
    run(s) {
      confirmation(s).confirm(s.rng.int(1, 10)).payAll().close(s.rng.int(0, 3), 'performed');
    },
  },
  {
    name: 'court-delegated, confirmed and performed',
    count: 5,
    run(s) {
      confirmation(s, { channel: 'court_delegated' }).confirm(s.rng.int(0, 5)).payAll().close(s.rng.int(0, 3), 'performed');
    },
  },
  {
    name: 'awarded and performed',
    count: 12,
    run(s) {
      arbitration(s).award(0, s.rng.chance(0.4)).payAll().close(s.rng.int(0, 5), 'performed');
    },
  },
  {
    name: 'arbitral settlement performed',
    count: 6,
    run(s) {
      arbitration(s).settle(0).payAll().close(s.rng.int(0, 3), 'performed');
    },
  },
  {
    name: 'mediation withdrawn and closed',
    count: 9,
    run(s) {
      const r = s.rng;
      const org = s.pickMediationOrg();
      s.file({ org, channel: channelFor(s, org), acceptNow: r.chance(0.5) });
      if (!s.accepted && r.chance(0.6)) s.accept(r.int(0, 2));
      s.withdraw(r.int(1, 10)).close(r.int(0, 3), 'withdrawn');
    },
  },
  {
    name: 'arbitration withdrawn and closed',
    count: 3,
    run(s) {
      arbitration(s, { hearing: false }).withdraw(s.rng.int(3, 20)).close(s.rng.int(0, 3), 'withdrawn');
    },
  },
  {
    name: 'mediation failed, worker did not go on',
    count: 6,
    run(s) {
      mediation(s).fail(0).note(0, false, '已告知申请人可在仲裁时效期间内向劳动人事争议仲裁委员会申请仲裁').close(s.rng.int(30, 90), 'abandoned');
    },
  },
  {
    name: 'arbitration declined, worker did not sue',
    count: 4,
    run(s) {
      const reason = fileOutOfTime(s, s.rng.chance(0.5) ? 'online' : 'walk_in', true);
      s.decline(s.rng.int(2, 5), reason).close(s.rng.int(20, 60), 'abandoned');
    },
  },
  {
    name: 'award contested, judged',
    count: 5,
    run(s) {
      lawsuitAfterAward(s).judge(s.rng.int(0, 20), { none: s.rng.chance(0.3) }).close(s.rng.int(15, 30), 'judged');
    },
  },
  {
    name: 'arbitration declined, sued and judged',
    count: 2,
    run(s) {
      const r = s.rng;
      s.decline(r.int(2, 5), fileOutOfTime(s, 'walk_in', true));
      s.refer(r.int(3, 12), AREAS[s.area].court, 'litigation', '仲裁委员会不予受理，申请人依法向人民法院提起诉讼');
      s.accept(r.int(1, 7)).schedule(r.int(3, 10), r.int(20, 40)).judge(r.int(0, 20)).close(r.int(15, 30), 'judged');
    },
  },
  {
    name: 'declined and transferred',
    count: 3,
    run(s) {
      const org = s.pickMediationOrg();
      s.file({ org, channel: channelFor(s, org) });
      s.decline(s.rng.int(1, 3), s.rng.pick(DECLINE_MEDIATION)).close(0, 'transferred');
    },
  },
  {
    name: 'agreement defaulted, payment order, performed',
    count: 3,
    run(s) {
      const r = s.rng;
      s.wantBig = true;
      mediation(s).settle(0, { parts: 2, firstOffset: r.int(10, 20) }).recordDefault(0);
      s.refer(r.int(1, 10), AREAS[s.area].court, 'litigation', '被申请人不履行调解协议中的支付义务，申请人依法向人民法院申请支付令');
      s.accept(r.int(1, 5)).judge(r.int(3, 15), { paymentOrder: true }).payAll().close(r.int(0, 5), 'performed');
    },
  },
  {
    name: 'confirmation refused, mediated again, performed',
    count: 2,
    run(s) {
      const r = s.rng;
      confirmation(s).refuse(r.int(3, 15));
      s.refer(r.int(1, 5), s.firstOrg, 'mediation', '司法确认申请被驳回，经双方同意重新调解变更协议内容');
      s.accept(r.int(0, 2)).schedule(r.int(0, 2), r.int(2, 7)).settle(0, { ratio: 0.9 }).payAll().close(r.int(0, 3), 'performed');
    },
  },
  {
    name: 'settled in court, performed',
    count: 2,
    run(s) {
      lawsuitAfterAward(s).settle(0).payAll().close(s.rng.int(0, 3), 'performed');
    },
  },
  {
    name: 'appealed and judged',
    count: 2,
    areas: PINGGUO_ONLY,
    run(s) {
      const r = s.rng;
      lawsuitAfterAward(s).judge(r.int(0, 20));
      s.refer(r.int(5, 14), AREAS[s.area].appealCourt!, 'litigation', '当事人不服一审判决，向百色市中级人民法院提起上诉');
      s.accept(r.int(3, 10)).schedule(r.int(5, 15), r.int(20, 45)).judge(r.int(0, 20)).close(r.int(5, 20), 'judged');
    },
  },
  {
    name: 'final award, vacating refused',
    count: 1,
    areas: PINGGUO_ONLY,
    run(s) {
      const r = s.rng;
      arbitration(s).award(0, true);
      s.refer(r.int(10, 28), AREAS[s.area].appealCourt!, 'litigation', '用人单位以适用法律确有错误为由申请撤销终局裁决');
      s.accept(r.int(1, 5)).schedule(r.int(3, 10), r.int(15, 30)).judge(r.int(0, 10), { none: true }).close(r.int(3, 10), 'judged');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The collective cases, written out one by one.

/** Days between the 27 retirees' mediation and the day of seeding. */
const RETIREES_IDLE = 260;

function collectiveRetirees(w: World): Script {
  const s = new Script(w, 'pingguo');
  const r = w.rng;
  const employer = EMPLOYERS.find((e) => e.name === '平果市恒运汽车运输有限公司')!;
  const applicants: Person[] = [];
  const claims: ClaimPlan[][] = [];
  for (let i = 0; i < 27; i++) {
    applicants.push(w.person('pingguo', { retiring: Number(addDays(w.today, -RETIREES_IDLE - 120).slice(0, 4)) }));
    const months = r.int(4, 7);
    const monthly = Math.round(r.int(1_600, 2_800) / 10) * 10;
    const amountFen = months * monthly * 100;
    claims.push([
      {
        category: 'wages',
        amountFen,
        text: (d) => `支付退休前${ym(addMonths(d.incident, -months))}至${ym(addMonths(d.incident, -1))}共${months}个月的工资${yuan(amountFen)}元`,
      },
    ]);
  }
  const claimedFen = claims.flat().reduce((t, c) => t + c.amountFen, 0);
  s.party = {
    employer,
    job: '客运驾驶员',
    applicants,
    claims,
    categories: ['wages'],
    incidentAgo: 75,
    endedAgo: 75,
    hiredAgo: 9000,
    subject: '拖欠的工资',
    claimedFen,
    summary: (d) =>
      `申请人${applicants[0].name}等27人均为被申请人${employer.name}的原职工，于${d.incident.slice(0, 4)}年陆续到龄退休。被申请人因经营困难，拖欠27人退休前数月工资共计${yuan(claimedFen)}元，` +
      `27人多次追讨未果，集体到平果市总工会求助。市总工会与平果市人民法院开展联合调解，力争一次性调解、一次性确认、一次性履行。`,
  };
  s.file({ org: 'PGZGH', channel: 'walk_in', acceptNow: true, party: s.party, handler: 'mediator.union' });
  s.morningHearings = true;
  s.note(0, false, `本案为集体劳动争议，27名申请人推选${applicants[0].name}、${applicants[1].name}为代表参加调解；平果市人民法院派员提前介入指导`);
  s.note(1, true, '已与平果市人民法院立案庭约定调解当日现场受理司法确认申请');
  s.schedule(0, 7);
  // The 27 and the employer sign the agreement at the session; each worker's share is what they claimed.
  s.settle(0, { amountFen: claimedFen, parts: 1, firstOffset: 0, perWorker: true });
  s.refer(0, 'PGFY', 'confirmation', '双方当场共同申请司法确认（一次性调解、一次性确认）');
  s.accept(0);
  s.confirm(0);
  s.payEachWorker(0);
  s.close(0, 'performed');
  return s;
}

function collectiveFledBoss(w: World): Script {
  const s = new Script(w, 'baoan');
  const employer = EMPLOYERS.find((e) => e.name === '深圳市宝安区沙井宏利模具厂')!;
  const party = w.party('baoan', employer, 'wages', 14);
  party.endedAgo = Math.max(1, party.incidentAgo - 45);
  party.summary = (d) =>
    `申请人${party.applicants[0].name}等14人均在被申请人${employer.name}从事${party.job}等工作。被申请人自${ym(addMonths(d.incident, -1))}起拖欠工资，` +
    `${cn(d.ended!)}工厂突然停工，负责人失联。14人到宝安区劳动人事争议多元调解中心求助。`;
  s.file({ org: 'BATJZX', channel: 'walk_in', acceptNow: true, party, handler: 'mediator.baoan' });
  s.note(0, true, '企业负责人失联，已通报沙井街道劳动办和派出所，启动欠薪应急处置');
  s.schedule(1, 4).fail(0);
  s.refer(0, 'BAZC', 'arbitration', '被申请人经两次书面通知未到场，调解不成，转入仲裁快速处理');
  s.accept(1).schedule(1, 14).award(0, true, { ratio: 1 });
  s.note(3, false, '宝安区欠薪保障基金已先行垫付部分工资');
  s.pay(0, { sameDay: true, fraction: 0.4 });
  return s;
}

function collectiveRelocation(w: World): Script {
  const s = new Script(w, 'pingguo');
  const employer = EMPLOYERS.find((e) => e.name === '广西平果锦华纺织有限公司')!;
  const party = w.party('pingguo', employer, 'termination', 12);
  party.summary = (d) =>
    `申请人${party.applicants[0].name}等12人于${ym(d.hired)}起陆续入职被申请人${employer.name}，任${party.job}等岗位。${cn(d.incident)}被申请人通知整体搬迁至南宁市，` +
    `12人因家庭原因无法随迁，被申请人以自动离职处理，拒绝支付经济补偿。`;
  s.file({ org: 'PGYQTJ', channel: 'walk_in', acceptNow: true, party, handler: 'mediator.park' });
  s.note(0, false, '企业整体搬迁至南宁，12名职工不愿随迁，要求解除劳动合同并支付经济补偿');
  s.schedule(2, 6).settle(0, { parts: 3, firstOffset: 15, spacing: 30, ratio: 0.85 }).payAll().close(1, 'performed');
  return s;
}

function collectiveInsurance(w: World): Script {
  const s = new Script(w, 'nanning');
  const employer = EMPLOYERS.find((e) => e.name === '南宁市青秀区华庭物业管理有限公司')!;
  s.file({ org: 'NNZGH', channel: 'online', applicants: 11, primary: 'social_insurance', employer, worker: DEMO_WORKERS[3] });
  s.accept(1).schedule(1, 6).fail(0);
  s.refer(2, 'NNZC', 'arbitration', '调解不成，11名申请人共同申请劳动仲裁', true);
  s.accept(3).schedule(3, 20);
  return s;
}

/** The cases of the workers with fixed accounts (DEMO_WORKERS), with days since their last step. */
function workerStories(w: World): [string, Script, number][] {
  const [xiulan, guoqiang, chunyan, , zhiyong, lijuan] = DEMO_WORKERS;
  const a = new Script(w, 'pingguo');
  a.file({ org: 'PGZGH', channel: 'online', worker: xiulan, primary: 'wages', applicants: 1 });
  const b = new Script(w, 'pingguo');
  b.wantBig = true;
  mediation(b, { org: 'PGYQTJ', channel: 'online', worker: guoqiang, primary: 'termination', applicants: 1 });
  b.settle(0, { parts: 3, firstOffset: 20, spacing: 45 }).pay(0);
  const c = new Script(w, 'pingguo');
  mediation(c, { org: 'PGMTZ', channel: 'online', worker: chunyan, primary: 'wages', applicants: 1 }).fail(0);
  c.refer(2, 'PGZC', 'arbitration', '调解不成，本人依法申请劳动仲裁', true);
  const e = new Script(w, 'baoan');
  mediation(e, { org: 'BAFYJD', channel: 'online', worker: zhiyong, primary: 'termination', applicants: 1 }).fail(0);
  e.refer(3, 'BAZC', 'arbitration', '调解不成，本人依法申请劳动仲裁', true);
  e.accept(2).schedule(3, 25).award(0, false);
  const f = new Script(w, 'baoan');
  mediation(f, { org: 'BATJZX', channel: 'online', worker: lijuan, hearing: false, applicants: 1 }).withdraw(4, { byWorker: true }).close(1, 'withdrawn');
  return [
    [`${xiulan.name}: online claim awaiting acceptance`, a, 0],
    [`${guoqiang.name}: settled, first instalment paid`, b, 3],
    [`${chunyan.name}: mediation failed, referred herself to arbitration`, c, 1],
    [`${zhiyong.name}: non-final award, appeal window open`, e, 4],
    [`${lijuan.name}: withdrew her claim`, f, 60],
  ];
}

// ---------------------------------------------------------------------------------------------
// Laying scripts out on dates, and running them through the services.

interface Planned {
  name: string;
  script: Script;
  times: Date[];
}

/** The China-time instants of each step if the script starts `age` days before `today`. */
function layOut(script: Script, today: string, age: number): Date[] {
  const out: Date[] = [];
  let day = addDays(today, -age);
  let minute = 0;
  for (const [i, step] of script.steps.entries()) {
    if (i === 0 || step.gap > 0) {
      day = addDays(day, i === 0 ? 0 : step.gap);
      minute = step.fresh;
    } else {
      minute = Math.min(minute + step.delta, 23 * 60 + 50);
    }
    // Staff act in office hours: after an evening online filing, they pick it up the next working day.
    if (!step.anyDay && (!isWorkday(day) || minute > 18 * 60)) {
      day = nextWorkday(minute > 18 * 60 ? addDays(day, 1) : day);
      minute = step.fresh;
    }
    out.push(atMinute(day, minute));
  }
  return out;
}

/** Places a script so that its last step falls `idle` days before yesterday (or earlier, if weekends push it). */
function place(script: Script, today: string, idle: number): Date[] {
  let age = script.day + 1 + idle;
  for (;;) {
    const times = layOut(script, today, age);
    const last = chinaDate(times[times.length - 1]);
    const over = daysBetween(addDays(today, -1 - idle), last);
    if (over <= 0) return times;
    age += over;
  }
}

function plan(w: World, today: string): Planned[] {
  const out: Planned[] = [];
  const r = w.rng;
  for (const t of TEMPLATES) {
    for (let i = 0; i < t.count; i++) {
      const area = r.weighted(t.areas ?? ANY_AREA);
      const s = new Script(w, area);
      t.run(s);
      const [lo, hi] = t.idle ?? [0, Math.max(0, 700 - s.day)];
      out.push({ name: t.name, script: s, times: place(s, today, r.int(lo, hi)) });
    }
  }
  const special: [string, Script, number][] = [
    ['27 retired workers, mediated and confirmed the same day', collectiveRetirees(w), RETIREES_IDLE],
    ['14 workers, employer absconded, final award', collectiveFledBoss(w), r.int(3, 20)],
    ['12 workers, relocation compensation', collectiveRelocation(w), r.int(150, 450)],
    ['11 workers, social insurance, in arbitration', collectiveInsurance(w), r.int(0, 10)],
    ...workerStories(w),
  ];
  for (const [name, s, idle] of special) out.push({ name, script: s, times: place(s, today, idle) });
  // Filing order decides case numbers, which should rise with the date received.
  return out.sort((a, b) => a.times[0].getTime() - b.times[0].getTime());
}

/** Seeds an empty database with the demo. Called by server.ts unless SEED_DEMO=false. */
export async function seedDemo(db: Database, opts: SeedOptions = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const policy = opts.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
  const today = chinaDate(now);
  const w = new World(today);
  const planned = plan(w, today);

  const orgIds = new Map<string, string>();
  for (const o of DEMO_ORGS) {
    const parentId = o.parent ? orgIds.get(o.parent) : undefined;
    const created = await createOrganization({ db }, { name: o.name, kind: o.kind, regionCode: o.regionCode, intakeCode: o.intakeCode, ...(parentId ? { parentId } : {}) });
    orgIds.set(o.intakeCode, created.id);
  }

  // argon2 runs on libuv's thread pool, so hashing a few accounts at a time overlaps.
  const callers = new Map<string, Caller>();
  await pool(DEMO_STAFF, 4, async (s) => {
    const u = await createUser(
      { db, passwordPolicy: policy },
      {
        username: s.username,
        password: DEMO_PASSWORD,
        role: s.role,
        name: s.name,
        ...(s.org ? { orgId: orgIds.get(s.org)! } : {}),
        ...(s.regionCode ? { regionCode: s.regionCode } : {}),
      },
    );
    callers.set(s.username, { userId: u.id, role: u.role, orgId: u.orgId, regionCode: u.regionCode, name: u.name });
  });
  // Seeding is not a request: the demo's workers own the phones it gives them, so no code is
  // asked for or checked (registration without a code, as PHONE_VERIFICATION=off takes it; the
  // code key is then never used).
  const phoneDeps = { db, passwordPolicy: policy, now: () => new Date(), otpKey: '', phoneVerification: 'off' as const };
  // Workers register while cases are filed: hashing runs on the thread pool, the database on
  // this thread. They register in the order their cases come, and each case waits for its own.
  const slot = limiter(3);
  const registered = new Map<string, Promise<void>>();
  const firstUse = new Map(w.workers.map((p) => [p.phone, Infinity]));
  planned.forEach((p, i) => firstUse.has(p.script.steps[0].actor) && firstUse.set(p.script.steps[0].actor, Math.min(firstUse.get(p.script.steps[0].actor)!, i)));
  for (const p of [...w.workers].sort((a, b) => firstUse.get(a.phone)! - firstUse.get(b.phone)!)) {
    const done = slot(async () => {
      const u = await registerWorker(phoneDeps, { phone: p.phone, password: DEMO_PASSWORD, name: p.name, idNumber: p.idNumber });
      callers.set(p.phone, { userId: u.id, role: 'worker', orgId: null, regionCode: null, name: u.name });
    });
    done.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    registered.set(p.phone, done);
  }

  const deps: CaseDeps = { db, now: () => new Date() };
  const userId = (username: string) => callers.get(username)!.userId;
  const orgId = (code: string) => orgIds.get(code)!;

  // Cases run a few at a time (PostgreSQL serves them in parallel; PGlite queues them), but each
  // files only after the one before it, so case numbers rise with the date received.
  let previousFiled: Promise<void> = Promise.resolve();
  const run = async (p: Planned): Promise<void> => {
    const mayFile = previousFiled;
    let filed!: () => void;
    previousFiled = new Promise((resolve) => (filed = resolve));
    const { steps } = p.script;
    const env = (i: number): Env => ({ at: p.times[i], prev: i > 0 ? p.times[i - 1] : null, times: p.times, today, userId, orgId });
    let detail: CaseDetail | null = null;
    for (const [i, step] of steps.entries()) {
      await registered.get(step.actor);
      const caller = callers.get(step.actor)!;
      try {
        if (i === 0) {
          await mayFile;
          try {
            detail = await fileCase(deps, caller, { ...(step.build(env(0)) as FileBody), occurredAt: p.times[0] });
          } finally {
            filed();
          }
        } else {
          const body = step.build(env(i)) as ActionBody;
          detail = await performAction(deps, caller, detail!.id, { ...body, version: detail!.version, occurredAt: p.times[i] } as ActionInput);
        }
      } catch (err) {
        const what = i === 0 ? 'file' : (step.build(env(i)) as ActionBody).action;
        throw new Error(`demo seed: "${p.name}" case ${detail?.number ?? '(unfiled)'} step ${i} (${what} by ${step.actor}) failed: ${(err as Error).message}`, { cause: err });
      }
    }
  };
  let done = 0;
  opts.onProgress?.(0, planned.length);
  await pool(planned, CASE_CONCURRENCY, async (p) => {
    await run(p);
    opts.onProgress?.(++done, planned.length);
  });
  await Promise.all(registered.values());
}

/** Runs at most `n` of the tasks given to it at once, in the order given. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return (task) =>
    new Promise((resolve, reject) => {
      const start = () => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            queue.shift()?.();
          });
      };
      if (running < n) start();
      else queue.push(start);
    });
}

const CASE_CONCURRENCY = 6;

/** Runs `fn` over `items` in order, at most `size` at a time; stops starting new ones after a failure. */
async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  if (failure !== null) throw failure;
}
