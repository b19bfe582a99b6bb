/**
 * The organisations, staff and employers of the bulk data set, built in JavaScript from the
 * catalogue (a few thousand rows). They do not depend on the seed: ids are fixed, so a second
 * run (or a run with another seed) reuses them.
 */
import { creditCodeCheckChar } from '../../src/domain/identity.js';
import type { OrgKind, StaffRole } from '../../src/domain/model.js';
import { COMPANY_WORDS, GIVEN, INDUSTRIES, PROVINCES, ROADS, STREETS, SURNAMES, TOWNS } from './catalog.js';

export interface WorldCounty {
  ci: number;
  yi: number;
  code: string;
  name: string;
  fullName: string;
  weight: number;
  province: string;
}
export interface WorldCity {
  yi: number;
  code: string;
  name: string;
}
export interface WorldOrg {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  parentId: string | null;
  /** Wanted intake code; another is chosen if an organisation outside the bulk set has it. */
  intakeCode: string;
  /** 'c<ci>' for a county's organisations, 'y<yi>' for a city's. */
  scope: string;
  /** Index among the scope's organisations of this kind. */
  k: number;
  staff: WorldUser[];
}
export interface WorldUser {
  id: string;
  username: string;
  name: string;
  role: StaffRole | 'supervisor' | 'admin';
  orgId: string | null;
  regionCode: string | null;
}
export interface WorldEmployer {
  ci: number;
  k: number;
  name: string;
  creditCode: string;
  address: string;
  contact: string;
}
export interface World {
  cities: WorldCity[];
  counties: WorldCounty[];
  orgs: WorldOrg[];
  /** Supervisors (per province, per city, and one for the whole country) and an administrator. */
  others: WorldUser[];
  employers: WorldEmployer[];
}

/** A fixed 32-bit hash, for choices that must not depend on the seed. */
function h32(a: number, b = 0): number {
  let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** UUIDv7 with a fixed time (2023-01-01 plus `n` ms) and a tag: the same every run. */
export function fixedUuid(tag: number, n: number): string {
  const ts = (Date.UTC(2023, 0, 1) + n).toString(16).padStart(12, '0');
  const a = ((tag & 0xf) << 8) | (h32(tag, n) & 0xff);
  const b = ((BigInt(h32(n, tag) & 0x3fffffff) << 32n) | BigInt(h32(n + 1, tag))) | (1n << 63n);
  const hex = `${ts}7${a.toString(16).padStart(3, '0')}${b.toString(16)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const INTAKE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** '9' and five more characters of the intake alphabet, distinct for every n < 31^5. */
export function intakeCandidate(n: number): string {
  let x = (n * 7919 + 104_729) % 31 ** 5;
  let code = '';
  for (let i = 0; i < 5; i++) {
    code = INTAKE_ALPHABET[x % 31] + code;
    x = Math.floor(x / 31);
  }
  return `9${code}`;
}

const STAFF_PER_KIND: Partial<Record<OrgKind, number>> = {
  union: 3,
  court: 4,
  mediation_center: 4,
  township_center: 2,
  people_mediation: 2,
  enterprise_committee: 1,
};
const ROLE_OF: Partial<Record<OrgKind, StaffRole>> = {
  union: 'mediator',
  mediation_center: 'mediator',
  township_center: 'mediator',
  people_mediation: 'mediator',
  enterprise_committee: 'mediator',
  arbitration_commission: 'arbitrator',
  court: 'court_liaison',
};

export function buildWorld(): World {
  const cities: WorldCity[] = [];
  const counties: WorldCounty[] = [];
  const orgs: WorldOrg[] = [];
  const others: WorldUser[] = [];
  const employers: WorldEmployer[] = [];
  let userN = 0;
  const person = (n: number) => SURNAMES[h32(n, 1) % SURNAMES.length] + GIVEN[h32(n, 2) % GIVEN.length];

  const addOrg = (o: Omit<WorldOrg, 'id' | 'intakeCode' | 'staff' | 'k'>, staffCount: number): WorldOrg => {
    const n = orgs.length;
    const k = orgs.filter((x) => x.scope === o.scope && x.kind === o.kind).length;
    const org: WorldOrg = { ...o, id: fixedUuid(1, n), intakeCode: intakeCandidate(n), k, staff: [] };
    const role = ROLE_OF[o.kind];
    for (let s = 0; role && s < staffCount; s++) {
      const u = userN++;
      org.staff.push({ id: fixedUuid(2, u), username: `bulk.${org.intakeCode.toLowerCase()}.${s + 1}`, name: person(u), role, orgId: org.id, regionCode: null });
    }
    orgs.push(org);
    return org;
  };

  for (const p of PROVINCES) {
    others.push({ id: fixedUuid(3, others.length), username: `bulk.sup.${p.code}`, name: person(900_000 + others.length), role: 'supervisor', orgId: null, regionCode: p.code });
    for (const city of p.cities) {
      const yi = cities.length;
      cities.push({ yi, code: city.code, name: city.name });
      others.push({ id: fixedUuid(3, others.length), username: `bulk.sup.${city.code}`, name: person(900_000 + others.length), role: 'supervisor', orgId: null, regionCode: city.code });
      const cityWeight = city.counties.reduce((s, c) => s + c.weight, 0);
      addOrg(
        { name: `${city.name}劳动人事争议仲裁委员会`, kind: 'arbitration_commission', regionCode: `${city.code}00`, parentId: null, scope: `y${yi}` },
        6 + Math.round(cityWeight / 2),
      );
      const cityShort = city.name.replace(/市$/, '');
      let employerN = 0;
      for (const county of city.counties) {
        const ci = counties.length;
        const district = county.name.endsWith('区');
        const fullName = city.municipality || district ? `${city.name}${county.name}` : county.name;
        counties.push({ ci, yi, code: county.code, name: county.name, fullName, weight: county.weight, province: p.name });
        const scope = `c${ci}`;
        const places = district ? STREETS : TOWNS;

        // Employers first: the enterprise committees belong to some of them.
        const nEmployers = 24 + county.weight * 8;
        for (let k = 0; k < nEmployers; k++) {
          const pair = (employerN++ * 7 + yi * 13) % (COMPANY_WORDS.length * INDUSTRIES.length);
          const name = `${cityShort}${COMPANY_WORDS[pair % COMPANY_WORDS.length]}${INDUSTRIES[Math.floor(pair / COMPANY_WORDS.length)]}有限公司`;
          const x = h32(ci * 1000 + k, 7);
          const orgCode = (String(x).padStart(10, '0').slice(-7) + INTAKE_ALPHABET[h32(ci, k) % 22] + String(x % 10)).replace(/[IOSVZ]/g, '8');
          const first17 = `91${county.code}${orgCode}`;
          const city2 = city.municipality ? '' : city.name;
          employers.push({
            ci,
            k,
            name,
            creditCode: first17 + creditCodeCheckChar(first17),
            address: `${p.name}${city2}${county.name}${places[h32(ci, k) % places.length]}${ROADS[h32(k, ci) % ROADS.length]}${1 + (x % 388)}号`,
            contact: `人事部 ${city.areaCode}-${String(20_000_000 + (x % 79_999_999)).slice(0, city.areaCode.length === 3 ? 8 : 7)}`,
          });
        }

        const union = addOrg({ name: `${fullName}总工会劳动争议调解室`, kind: 'union', regionCode: county.code, parentId: null, scope }, STAFF_PER_KIND.union!);
        addOrg({ name: `${fullName}人民法院`, kind: 'court', regionCode: county.code, parentId: null, scope }, STAFF_PER_KIND.court! + Math.floor(county.weight / 3));
        const center = addOrg(
          { name: `${fullName}劳动人事争议多元化解中心`, kind: 'mediation_center', regionCode: county.code, parentId: null, scope },
          STAFF_PER_KIND.mediation_center! + Math.floor(county.weight / 3),
        );
        const nTown = 3 + (h32(ci, 11) % 4);
        for (let t = 0; t < nTown; t++) {
          const place = places[(h32(ci, 12) + t) % places.length];
          addOrg({ name: `${fullName}${place}劳动争议调解中心`, kind: 'township_center', regionCode: county.code, parentId: center.id, scope }, STAFF_PER_KIND.township_center!);
        }
        const nPeople = 2 + (h32(ci, 13) % 3);
        for (let t = 0; t < nPeople; t++) {
          const name = t === 0 ? `${fullName}劳动争议人民调解委员会` : `${fullName}${places[(h32(ci, 14) + t) % places.length]}人民调解委员会`;
          addOrg({ name, kind: 'people_mediation', regionCode: county.code, parentId: null, scope }, STAFF_PER_KIND.people_mediation!);
        }
        const nEnterprise = 5 + (h32(ci, 15) % 10);
        for (let t = 0; t < nEnterprise; t++) {
          const employer = employers[employers.length - nEmployers + t];
          addOrg({ name: `${employer.name}劳动争议调解委员会`, kind: 'enterprise_committee', regionCode: county.code, parentId: union.id, scope }, STAFF_PER_KIND.enterprise_committee!);
        }
        addOrg({ name: `${fullName}人民检察院`, kind: 'procuratorate', regionCode: county.code, parentId: null, scope }, 0);
        addOrg({ name: `${fullName}法律援助中心`, kind: 'legal_aid', regionCode: county.code, parentId: null, scope }, 0);
      }
    }
  }
  others.push({ id: fixedUuid(3, others.length), username: 'bulk.sup.cn', name: person(900_000 + others.length), role: 'supervisor', orgId: null, regionCode: '' });
  others.push({ id: fixedUuid(3, others.length), username: 'bulk.admin', name: '批量数据管理员', role: 'admin', orgId: null, regionCode: null });
  return { cities, counties, orgs, others, employers };
}
