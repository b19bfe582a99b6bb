import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ORG_KINDS } from '../../domain/model.js';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    regionCode: text('region_code').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => organizations.id),
    intakeCode: text('intake_code').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organizations_region_idx').on(t.regionCode),
    check('organizations_region_code_check', sql`${t.regionCode} ~ '^[0-9]{6}$'`),
  ],
);
