/**
 * The blob store: bytes addressed by their SHA-256, kept in the database in chunks (tables
 * `blobs` and `blob_chunks`). Every server process reads the same store, the database's backups
 * and replication cover it, and a blob is written in the same transaction as the file or document
 * row and the event that name it, so an acknowledged upload is never lost and a failed one leaves
 * nothing behind. Neither side holds a whole file at once: chunks go in and come out one by one.
 *
 * A production deployment with many large files could put the bytes in an S3-compatible store
 * behind these same three functions; the hash, the rows and the events would not change.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { Statement, type StatementRunner } from '../db/prepared.js';

/**
 * 32 KiB. postgres.js sends a bytea parameter as hex text: a chunk's text (64 KiB) is then small
 * enough for V8's young generation, where it dies cheaply, instead of its large-object space, which
 * only a full collection empties (20 uploads of 10 MB at once: peak RSS 291 MB with 256 KiB
 * chunks, 236–240 MB with these; tests/bench/uploads.ts). PostgreSQL stores the bytes out of line
 * in its own ~2 KB pieces whatever the chunk size.
 */
export const CHUNK_BYTES = 32 * 1024;

export interface BlobInfo {
  sha256: string;
  sizeBytes: number;
}

const insertBlob = new Statement<{ sha256: string }>(
  'blob_insert',
  () => sql`insert into blobs (sha256, size_bytes, chunk_count, stored_at)
            values (${sql.placeholder('sha256')}, ${sql.placeholder('sizeBytes')}, ${sql.placeholder('chunkCount')}, ${sql.placeholder('storedAt')}::timestamptz)
            on conflict (sha256) do nothing returning sha256`,
);
const insertChunk = new Statement(
  'blob_chunk_insert',
  () => sql`insert into blob_chunks (sha256, seq, data) values (${sql.placeholder('sha256')}, ${sql.placeholder('seq')}, ${sql.placeholder('data')})`,
);
const chunkAt = new Statement<{ data: Uint8Array }>(
  'blob_chunk_read',
  () => sql`select data from blob_chunks where sha256 = ${sql.placeholder('sha256')} and seq = ${sql.placeholder('seq')}`,
);
const chunkCountOf = new Statement<{ chunk_count: number }>('blob_chunk_count', () => sql`select chunk_count from blobs where sha256 = ${sql.placeholder('sha256')}`);
const digestOf = new Statement<{ sha256: string; digest: string | null; size: string | number | null }>(
  'blob_digest',
  () => sql`select b.sha256,
                   (select encode(sha256(string_agg(c.data, ''::bytea order by c.seq)), 'hex') from blob_chunks c where c.sha256 = b.sha256) as digest,
                   (select sum(length(c.data)) from blob_chunks c where c.sha256 = b.sha256) as size
            from blobs b where b.sha256 = any(${sql.placeholder('hashes')}::text[])`,
);

/**
 * Stores a blob inside the caller's transaction, reading `chunks` only if the store lacks it
 * (the same bytes uploaded twice are kept once). `chunks` must be the bytes whose hash is
 * `blob.sha256`, in pieces of at most CHUNK_BYTES.
 */
export async function storeBlob(tx: StatementRunner, blob: BlobInfo, chunks: () => AsyncIterable<Uint8Array>, now: Date): Promise<void> {
  const chunkCount = Math.max(1, Math.ceil(blob.sizeBytes / CHUNK_BYTES));
  const inserted = await insertBlob.run(tx, { sha256: blob.sha256, sizeBytes: blob.sizeBytes, chunkCount, storedAt: now.toISOString() });
  if (!inserted.length) return;
  let seq = 0;
  for await (const data of chunks()) {
    await insertChunk.run(tx, { sha256: blob.sha256, seq: seq++, data });
  }
  if (seq !== chunkCount) throw new Error(`blob ${blob.sha256}: ${seq} chunks written, ${chunkCount} expected`);
}

/** Bytes already in memory (an issued document), as a blob and its chunks. */
export function bufferBlob(bytes: Uint8Array): { blob: BlobInfo; chunks: () => AsyncIterable<Uint8Array> } {
  return {
    blob: { sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length },
    async *chunks() {
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
    },
  };
}

/** A blob's bytes, a chunk at a time (for a download that streams). */
export async function* readBlob(db: Database, sha256: string): AsyncGenerator<Uint8Array> {
  const [found] = await chunkCountOf.run(db, { sha256 });
  if (!found) throw new Error(`blob ${sha256} is missing from the store`);
  for (let seq = 0; seq < found.chunk_count; seq++) {
    const [chunk] = await chunkAt.run(db, { sha256, seq });
    if (!chunk) throw new Error(`blob ${sha256} is missing chunk ${seq}`);
    yield chunk.data;
  }
}

/** A whole blob in memory: for a document that is re-stamped or checked, tens of kilobytes. */
export async function readBlobWhole(db: Database, sha256: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of readBlob(db, sha256)) parts.push(chunk);
  return Buffer.concat(parts);
}

/**
 * The hashes of stored blobs recomputed from their bytes by the database, so that `/verify` proves
 * no stored file was changed or lost. A blob whose row is gone is missing from the answer.
 */
export async function recomputeDigests(db: Database, hashes: readonly string[]): Promise<Map<string, { digest: string | null; sizeBytes: number }>> {
  if (!hashes.length) return new Map();
  const rows = await digestOf.run(db, { hashes: `{${[...new Set(hashes)].join(',')}}` });
  return new Map(rows.map((r) => [r.sha256, { digest: r.digest, sizeBytes: Number(r.size ?? 0) }]));
}
