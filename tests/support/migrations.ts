import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '../../src/db/client.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js';
import { freshDatabase } from './db.js';

/**
 * A fresh database migrated up to, but not including, the migration tagged `tag` ('0010'), so a
 * test can write rows in the layout before it and then run the rest with `runMigrations(handle)`.
 * The earlier migrations are a copy of the folder with a shortened journal; closing the handle
 * removes the copy.
 */
export async function databaseBefore(tag: string): Promise<DbHandle> {
  const folder = mkdtempSync(join(tmpdir(), 'tiaojie-migrations-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < tag);
  writeFileSync(journalPath, JSON.stringify(journal));
  const handle = await freshDatabase({ migrate: false });
  await runMigrations(handle, folder);
  return {
    ...handle,
    async close() {
      await handle.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
