/**
 * Receiving an upload: the multipart request is read part by part; the file part is written to a
 * temporary file as it arrives, hashed on the way and sniffed from its first bytes, so a 20 MB
 * upload never sits in memory. Only once it has arrived whole and been checked does the database
 * see it (src/files/service.ts), in one short transaction: a slow phone on a bad line holds no
 * lock and no connection, and a client that disconnects halfway leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { FILE_CONTENT_TYPES, type FileContentType } from '../domain/caseFile.js';
import { AppError, fieldProblem, validationFailed } from '../http/errors.js';
import { CHUNK_BYTES } from './blobs.js';

/** How many leading bytes the type is decided from (file-type reads at most this many). */
const SNIFF_BYTES = 4100;

export interface ReceivedFile {
  name: string;
  contentType: FileContentType;
  sizeBytes: number;
  sha256: string;
  /** The bytes again, from the temporary file, in chunks of CHUNK_BYTES. */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface Received {
  file: ReceivedFile;
  fields: Record<string, string>;
  /** Removes the temporary file; call it whatever happened. */
  discard(): Promise<void>;
}

/** A multipart error of @fastify/multipart or busboy, as SPEC §7's error. */
function multipartProblem(err: unknown, maxBytes: number): AppError | null {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`);
    case 'FST_FILES_LIMIT':
      return fieldProblem('body.file', 'send one file per upload');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return validationFailed([{ field: 'body', message: 'has more parts than an upload takes' }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_NO_FORM_DATA':
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
    case 'FST_PROTO_VIOLATION':
      return validationFailed([{ field: 'body', message: 'is not valid multipart/form-data' }]);
    default:
      break;
  }
  const message = err instanceof Error ? err.message : '';
  // busboy's own complaints about a malformed or cut-off body.
  if (/Unexpected end of (form|file|multipart data)|Malformed (part header|content type)|Boundary not found|Premature close|aborted/i.test(message)) {
    return validationFailed([{ field: 'body', message: 'the upload ended before it was complete' }]);
  }
  return null;
}

/** A name safe to store and to send back in Content-Disposition: no path, no control characters, not too long. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return clean || fallback;
}

/**
 * Reads the request's parts: exactly one file part named `file` and text fields. Throws SPEC §7
 * errors for what the client sent wrong; the temporary file is gone when it throws.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<Received> {
  const path = join(tmpdir(), `tiaojie-upload-${randomUUID()}`);
  const discard = () => rm(path, { force: true });
  const fields: Record<string, string> = {};
  let file: Omit<ReceivedFile, 'chunks' | 'contentType'> & { head: Buffer } | null = null;
  try {
    if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldnameTruncated || part.valueTruncated) throw fieldProblem(`body.${part.fieldname}`, 'is too long');
        if (typeof part.value !== 'string') throw fieldProblem(`body.${part.fieldname}`, 'must be text');
        if (part.fieldname in fields) throw fieldProblem(`body.${part.fieldname}`, 'is given twice');
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw fieldProblem(`body.${part.fieldname}`, 'is not a part an upload takes; send the file as the part named file');
      }
      if (file) {
        part.file.resume();
        throw fieldProblem('body.file', 'send one file per upload');
      }
      file = await spool(part.file, path, part.filename);
      if (part.file.truncated) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`);
    }
    if (!file) throw fieldProblem('body.file', 'is required: the upload has no file part');
    if (file.sizeBytes === 0) throw fieldProblem('body.file', 'is empty');
    const sniffed = await fileTypeFromBuffer(file.head);
    const contentType = FILE_CONTENT_TYPES.find((t) => t === sniffed?.mime);
    if (!contentType) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the file is not a PDF, JPEG, PNG or WebP (decided by its contents, not its name)', {
        detected: sniffed?.mime ?? null,
      });
    }
    const { head: _head, ...rest } = file;
    return {
      file: { ...rest, contentType, chunks: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array> },
      fields,
      discard,
    };
  } catch (err) {
    await discard();
    throw multipartProblem(err, maxBytes) ?? err;
  }
}

/** Writes a part to `path`, hashing it and keeping its first bytes for sniffing. */
async function spool(stream: Readable, path: string, filename: string | undefined) {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let sizeBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      if (headBytes < SNIFF_BYTES) {
        const take = chunk.subarray(0, SNIFF_BYTES - headBytes);
        head.push(Buffer.from(take));
        headBytes += take.length;
      }
      done(null, chunk);
    },
  });
  await pipeline(stream, tap, createWriteStream(path));
  return { name: cleanFileName(filename, 'file'), sizeBytes, sha256: hash.digest('hex'), head: Buffer.concat(head) };
}
