import type { OrgKind } from '../../src/domain/model.js';
import type { TestContext, TestUser } from './app.js';

export type RoleButAdmin = 'worker' | 'mediator' | 'arbitrator' | 'court_liaison' | 'supervisor';

/**
 * One signed-in user of every role but admin, the staff each at a new organisation of their
 * kind (a union, an arbitration commission, a court), the supervisor over region 4510.
 */
export async function oneOfEachRole(t: TestContext) {
  const union = await t.org('union');
  const commission = await t.org('arbitration_commission');
  const court = await t.org('court');
  const users: Record<RoleButAdmin, TestUser> = {
    worker: await t.worker(),
    mediator: await t.staff('mediator', union.id),
    arbitrator: await t.staff('arbitrator', commission.id),
    court_liaison: await t.staff('court_liaison', court.id),
    supervisor: await t.supervisor('4510'),
  };
  return { union, commission, court, users };
}

/**
 * The two ends of a judicial confirmation: a mediation organisation of `kind` and a court, with
 * a mediator and a court liaison signed in at each.
 */
export async function mediationAndCourt(t: TestContext, kind: OrgKind) {
  const centre = await t.org(kind);
  const court = await t.org('court');
  return { centre, court, mediator: await t.staff('mediator', centre.id), liaison: await t.staff('court_liaison', court.id) };
}
