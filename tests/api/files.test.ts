/**
 * The case file's uploads (SPEC §9): a worker's wage slip from the phone, a mediator's internal
 * note on paper, what each side may see and fetch, withdrawal, bad uploads that leave nothing
 * behind, and /verify noticing a stored file that was changed.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseBody, useTestApp, type TestUser } from '../support/app.js';
import { expectError, fields, shapeProblem } from '../support/errors.js';
import { multipartBody, SAMPLES, upload, type Part } from '../support/multipart.js';

const MAX = 256 * 1024;
const t = useTestApp({ FILE_MAX_BYTES: MAX });
let union: { id: string };
let otherUnion: { id: string };
let mediator: TestUser;
let stranger: TestUser;
let supervisor: TestUser;
let worker: TestUser & { phone: string; idNumber: string };
let otherWorker: TestUser;
let caseId: string;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const list = (token: string, id = caseId) => t.call('GET', `/cases/${id}/files`, { token });
const download = (token: string, fileId: string, extra: Record<string, string> = {}, query = '') =>
  t.app.inject({ method: 'GET', url: `/cases/${caseId}/files/${fileId}${query}`, headers: { authorization: `Bearer ${token}`, ...extra } });

/** Rows in the store, whichever driver answers. */
async function storeCounts(): Promise<{ files: number; blobs: number; chunks: number; events: number }> {
  const res = (await t.handle.db.execute(
    sql`select (select count(*) from case_files)::int as files, (select count(*) from blobs)::int as blobs,
               (select count(*) from blob_chunks)::int as chunks, (select count(*) from events)::int as events`,
  )) as unknown as { rows?: Record<string, number>[] } | Record<string, number>[];
  const rows = Array.isArray(res) ? res : res.rows!;
  return rows[0] as never;
}

beforeAll(async () => {
  union = await t.org('union', { regionCode: '451023' });
  otherUnion = await t.org('union', { regionCode: '451023' });
  mediator = await t.staff('mediator', union.id);
  stranger = await t.staff('mediator', otherUnion.id);
  supervisor = await t.supervisor('4510');
  worker = await t.worker();
  otherWorker = await t.worker();
  const filed = await t.call('POST', '/cases', { token: worker.token, body: caseBody(union.id) });
  expect(filed.statusCode, filed.body).toBe(201);
  caseId = filed.json().id;
});

describe('a worker adds a wage slip from the phone', () => {
  let fileId: string;

  it('stores it, answers what was stored, and records the hash on the case chain', async () => {
    const res = await upload(t, worker.token, caseId, [
      { name: 'kind', value: 'wage_record' },
      { name: 'description', value: '2024年10月工资条' },
      { name: 'file', bytes: SAMPLES.png, filename: '工资条 10月.png', type: 'image/png' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      kind: 'wage_record',
      name: '工资条 10月.png',
      contentType: 'image/png',
      sizeBytes: SAMPLES.png.length,
      sha256: sha(SAMPLES.png),
      description: '2024年10月工资条',
      internal: false,
      uploadedBy: worker.id,
      uploadedByRole: 'worker',
      withdrawnAt: null,
    });
    fileId = body.id;
    const events = (await t.call('GET', `/cases/${caseId}/events`, { token: worker.token })).json().items;
    expect(events.at(-1)).toMatchObject({ action: 'file_added', data: { fileId, sha256: sha(SAMPLES.png), kind: 'wage_record' } });
  });

  it('gives the same bytes back, with its UTF-8 name, nosniff and a private cache', async () => {
    const res = await download(worker.token, fileId);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(SAMPLES.png)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(SAMPLES.png.length));
    expect(res.headers['content-disposition']).toBe(`attachment; filename="___ 10_.png"; filename*=UTF-8''${encodeURIComponent('工资条 10月.png')}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    // A preview in the page asks for it inline; asked again with its tag, nothing is resent.
    expect((await download(mediator.token, fileId, {}, '?disposition=inline')).headers['content-disposition']).toMatch(/^inline; /);
    const again = await download(worker.token, fileId, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('is listed for the worker, the handling mediator and the region supervisor, and for nobody else', async () => {
    for (const who of [worker, mediator, supervisor]) {
      const res = await list(who.token);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((f: { id: string }) => f.id)).toContain(fileId);
    }
    // A case one may not see does not exist for them, nor do its files.
    for (const who of [otherWorker, stranger]) {
      expectError(await list(who.token), 404, 'NOT_FOUND');
      expectError(await download(who.token, fileId), 404, 'NOT_FOUND');
    }
    expectError(await t.call('GET', `/cases/${caseId}/files`), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ method: 'GET', url: `/cases/${caseId}/files/${fileId}` }), 401, 'UNAUTHENTICATED');
  });
});

describe('who may add a file', () => {
  const png = { name: 'file', bytes: SAMPLES.png, filename: 'a.png' };
  const kind = { name: 'kind', value: 'evidence' };

  it('refuses the supervisor, staff of another centre, another worker and the anonymous, and stores nothing', async () => {
    const before = await storeCounts();
    expectError(await upload(t, supervisor.token, caseId, [kind, png]), 403, 'FORBIDDEN');
    expectError(await upload(t, stranger.token, caseId, [kind, png]), 404, 'NOT_FOUND');
    expectError(await upload(t, otherWorker.token, caseId, [kind, png]), 404, 'NOT_FOUND');
    expectError(await upload(t, undefined, caseId, [kind, png]), 401, 'UNAUTHENTICATED');
    expectError(await upload(t, t.admin.token, caseId, [kind, png]), 404, 'NOT_FOUND');
    expect(await storeCounts()).toEqual(before);
  });

  it('lets only staff mark a file internal, which the parties never see', async () => {
    expectError(await upload(t, worker.token, caseId, [kind, { name: 'internal', value: 'true' }, png]), 403, 'FORBIDDEN');
    const res = await upload(t, mediator.token, caseId, [
      { name: 'kind', value: 'other' },
      { name: 'internal', value: 'true' },
      { name: 'file', bytes: SAMPLES.pdf, filename: '谈话笔录.pdf' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const internalId = res.json().id;
    expect(res.json()).toMatchObject({ internal: true, contentType: 'application/pdf', uploadedByRole: 'mediator' });
    expect((await list(mediator.token)).json().items.map((f: { id: string }) => f.id)).toContain(internalId);
    expect((await list(worker.token)).json().items.map((f: { id: string }) => f.id)).not.toContain(internalId);
    expectError(await download(worker.token, internalId), 404, 'NOT_FOUND');
    const timeline = (await t.call('GET', `/cases/${caseId}/events`, { token: worker.token })).json().items;
    expect(timeline.some((e: { data: { fileId?: string } }) => e.data.fileId === internalId)).toBe(false);
  });

  it('takes JPEG and WebP as well, decided by their bytes whatever the name says', async () => {
    const jpeg = await upload(t, worker.token, caseId, [kind, { name: 'file', bytes: SAMPLES.jpeg, filename: 'photo.png', type: 'image/png' }]);
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    expect(jpeg.json().contentType).toBe('image/jpeg');
    const webp = await upload(t, worker.token, caseId, [kind, { name: 'file', bytes: SAMPLES.webp, filename: 'IMG_0001' }]);
    expect(webp.json().contentType).toBe('image/webp');
    // The same bytes twice are two files on the case and one blob in the store.
    const before = await storeCounts();
    const again = await upload(t, worker.token, caseId, [kind, { name: 'file', bytes: SAMPLES.webp, filename: 'IMG_0001 (1)' }]);
    expect(again.statusCode).toBe(201);
    const after = await storeCounts();
    expect(after).toEqual({ ...before, files: before.files + 1, events: before.events + 1 });
  });
});

describe('bad uploads get a clear 4xx and leave nothing behind', () => {
  const kind = { name: 'kind', value: 'evidence' };
  const cases: [label: string, parts: Parameters<typeof upload>[3], status: number, code: string, field?: string][] = [
    ['HTML named .pdf', [kind, { name: 'file', bytes: SAMPLES.html, filename: '合同.pdf', type: 'application/pdf' }], 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty file', [kind, { name: 'file', bytes: new Uint8Array(0), filename: 'empty.png' }], 400, 'VALIDATION_FAILED', 'body.file'],
    ['no file part', [kind], 400, 'VALIDATION_FAILED', 'body.file'],
    ['two file parts', [kind, { name: 'file', bytes: SAMPLES.png, filename: 'a.png' }, { name: 'file', bytes: SAMPLES.png, filename: 'b.png' }], 400, 'VALIDATION_FAILED', 'body.file'],
    ['a kind that does not exist', [{ name: 'kind', value: 'selfie' }, { name: 'file', bytes: SAMPLES.png, filename: 'a.png' }], 400, 'VALIDATION_FAILED', 'body.kind'],
    ['no kind', [{ name: 'file', bytes: SAMPLES.png, filename: 'a.png' }], 400, 'VALIDATION_FAILED', 'body.kind'],
    ['a description over its limit', [kind, { name: 'description', value: '长'.repeat(501) }, { name: 'file', bytes: SAMPLES.png, filename: 'a.png' }], 400, 'VALIDATION_FAILED', 'body.description'],
    ['a field longer than any field may be', [kind, { name: 'description', value: 'x'.repeat(5000) }, { name: 'file', bytes: SAMPLES.png, filename: 'a.png' }], 400, 'VALIDATION_FAILED', 'body.description'],
    ['a field an upload does not take', [kind, { name: 'owner', value: 'me' }, { name: 'file', bytes: SAMPLES.png, filename: 'a.png' }], 400, 'VALIDATION_FAILED'],
    ['a file part under another name', [kind, { name: 'photo', bytes: SAMPLES.png, filename: 'a.png' }], 400, 'VALIDATION_FAILED', 'body.photo'],
    ['a file over FILE_MAX_BYTES', [kind, { name: 'file', bytes: Buffer.concat([SAMPLES.pdf, Buffer.alloc(MAX + 1)]), filename: 'big.pdf' }], 413, 'PAYLOAD_TOO_LARGE'],
  ];

  it.each(cases)('%s', async (_label, parts, status, code, field) => {
    const before = await storeCounts();
    const res = await upload(t, worker.token, caseId, parts);
    const error = expectError(res, status, code);
    if (field) expect(fields(error)).toContain(field);
    expect(await storeCounts()).toEqual(before);
  });

  it('a JSON body, or a body cut off before its end', async () => {
    const before = await storeCounts();
    expectError(await t.call('POST', `/cases/${caseId}/files`, { token: worker.token, body: { kind: 'evidence' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const { payload, contentType } = await multipartBody([kind, { name: 'file', bytes: Buffer.alloc(10_000, 7), filename: 'a.pdf' }]);
    const cut = await t.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/files`,
      headers: { 'content-type': contentType, authorization: `Bearer ${worker.token}` },
      payload: payload.subarray(0, 6000),
    });
    expectError(cut, 400, 'VALIDATION_FAILED');
    expect(await storeCounts()).toEqual(before);
  });

  it('a client that disconnects halfway through a large upload', async () => {
    const before = await storeCounts();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const { payload, contentType } = await multipartBody([kind, { name: 'file', bytes: Buffer.concat([SAMPLES.pdf, Buffer.alloc(200_000, 1)]), filename: 'a.pdf' }]);
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /cases/${caseId}/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${worker.token}\r\nContent-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n\r\n`,
        );
        socket.write(payload.subarray(0, 100_000), () => setTimeout(() => socket.destroy(), 100));
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    // Let the server notice and clean up.
    await new Promise((r) => setTimeout(r, 300));
    expect(await storeCounts()).toEqual(before);
  });
});

describe('withdrawing a file', () => {
  it('hides it from the parties, keeps it for staff and in the chain, and only staff may', async () => {
    const added = await upload(t, worker.token, caseId, [{ name: 'kind', value: 'evidence' }, { name: 'file', bytes: SAMPLES.jpeg, filename: '错传的照片.jpg' }]);
    const fileId = added.json().id;
    const path = `/cases/${caseId}/files/${fileId}/withdraw`;
    expectError(await t.call('POST', path, { token: worker.token, body: { reason: '传错了' } }), 403, 'FORBIDDEN');
    expectError(await t.call('POST', path, { token: supervisor.token, body: { reason: '传错了' } }), 403, 'FORBIDDEN');
    expectError(await t.call('POST', path, { token: stranger.token, body: { reason: '传错了' } }), 404, 'NOT_FOUND');
    expectError(await t.call('POST', path, { token: mediator.token, body: { reason: '' } }), 400, 'VALIDATION_FAILED');
    const res = await t.call('POST', path, { token: mediator.token, body: { reason: '与本案无关' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: fileId, withdrawnReason: '与本案无关', withdrawnAt: expect.any(String) });
    expectError(await t.call('POST', path, { token: mediator.token, body: { reason: '再撤' } }), 409, 'INVALID_TRANSITION');
    expect((await list(worker.token)).json().items.map((f: { id: string }) => f.id)).not.toContain(fileId);
    expectError(await download(worker.token, fileId), 404, 'NOT_FOUND');
    expect((await list(mediator.token)).json().items.find((f: { id: string }) => f.id === fileId)).toMatchObject({ withdrawnReason: '与本案无关' });
    expect((await download(mediator.token, fileId)).statusCode).toBe(200);
    const timeline = (await t.call('GET', `/cases/${caseId}/events`, { token: mediator.token })).json().items;
    expect(timeline.at(-1)).toMatchObject({ action: 'file_withdrawn', data: { fileId, reason: '与本案无关' } });
    // Withdrawing is not acting on the dispute: the mediator's open form is not made stale.
    const detail = (await t.call('GET', `/cases/${caseId}`, { token: mediator.token })).json();
    expect(detail.version).toBe(1);
  });
});

describe('a larger file and /verify', () => {
  it('goes in and comes out in chunks, the same bytes; /verify finds a changed chunk', async () => {
    const bytes = Buffer.concat([SAMPLES.pdf, Buffer.alloc(MAX - SAMPLES.pdf.length - 1000, 9)]);
    // Just under FILE_MAX_BYTES here (256 KiB): eight chunks of the store.
    const res = await upload(t, mediator.token, caseId, [{ name: 'kind', value: 'contract' }, { name: 'file', bytes, filename: '劳动合同.pdf' }]);
    expect(res.statusCode, res.body).toBe(201);
    const got = await download(mediator.token, res.json().id);
    expect(sha(got.rawPayload)).toBe(sha(bytes));
    const verify = () => t.call('GET', `/cases/${caseId}/verify`, { token: mediator.token });
    expect((await verify()).json()).toMatchObject({ intact: true, brokenAt: null });
    await t.handle.db.execute(sql`update blob_chunks set data = ${Buffer.from('%PDF-1.4 forged')} where sha256 = ${sha(bytes)} and seq = 0`);
    const broken = (await verify()).json();
    expect(broken.intact).toBe(false);
    expect(broken.problem).toContain('劳动合同.pdf');
    const events = (await t.call('GET', `/cases/${caseId}/events`, { token: mediator.token })).json().items;
    expect(broken.brokenAt).toBe(events.find((e: { data: { sha256?: string } }) => e.data.sha256 === sha(bytes)).seq);
  });
});

describe('any multipart form at all', () => {
  // The upload is the one route whose body is not JSON, so the JSON properties of
  // bad-input.test.ts cannot reach it: this is its own. Any parts, any names, any bytes.
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('evidence', 'wage_record', 'true', 'false', '', ' ', '\u0000', '../../etc/passwd', '"; drop table case_files; --', '工资条', 'a'.repeat(600)),
  );
  const name = fc.constantFrom('kind', 'description', 'internal', 'file', 'photo', '__proto__', '', 'kind[]');
  const bytes = fc.oneof(fc.constantFrom(...Object.values(SAMPLES)), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)));
  const part: fc.Arbitrary<Part> = fc.oneof(
    fc.record({ name, value: text }),
    fc.record({ name, bytes, filename: fc.oneof(text, fc.constantFrom('a.pdf', '证据.png', 'x\r\ny.jpg', '..\\..\\boot.ini')) }),
  );

  it('never a 5xx, always the SPEC shape, and nothing stored unless it was taken', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 6 }), async (parts) => {
        const before = await storeCounts();
        const res = await upload(t, worker.token, caseId, parts);
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(shapeProblem(res), res.body).toBeNull();
          expect(await storeCounts()).toEqual(before);
        } else {
          expect(res.statusCode).toBe(201);
          expect((await storeCounts()).files).toBe(before.files + 1);
        }
      }),
      { numRuns: 60 },
    );
  });
});
