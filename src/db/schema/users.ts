import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../domain/model.js';
import { organizations } from './organizations.js';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    orgId: uuid('org_id').references(() => organizations.id),
    regionCode: text('region_code'),
    name: text('name').notNull(),
    phone: text('phone'),
    idNumber: text('id_number'),
    disabled: boolean('disabled').notNull().default(false),
    /** Bumped on password change or disabling; tokens carrying an older value are refused. */
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_org_idx').on(t.orgId),
    check(
      'users_role_scope_check',
      sql`(${t.role} in ('mediator','arbitrator','court_liaison') and ${t.orgId} is not null)
        or (${t.role} = 'supervisor' and ${t.regionCode} is not null and ${t.orgId} is null)
        or (${t.role} in ('worker','admin','employer') and ${t.orgId} is null)`,
    ),
  ],
);
