import type { Database } from '../src/db/client.js';
export async function seedDemo(_db: Database): Promise<void> {}
