/** Multipart bodies for app.inject, built by the platform's own FormData (as a browser would send them). */
import type { LightMyRequestResponse } from 'fastify';
import type { TestContext } from './app.js';

export type Part = { name: string; value: string } | { name: string; bytes: Uint8Array; filename: string; type?: string };

export async function multipartBody(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const p of parts) {
    if ('value' in p) form.append(p.name, p.value);
    else form.append(p.name, new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type ?? 'application/octet-stream' }), p.filename);
  }
  const res = new Response(form);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

/** POST /cases/:id/files with these parts (defaults: a kind), as the given user. */
export async function upload(t: TestContext, token: string | undefined, caseId: string, parts: Part[]): Promise<LightMyRequestResponse> {
  const { payload, contentType } = await multipartBody(parts);
  return t.app.inject({
    method: 'POST',
    url: `/cases/${caseId}/files`,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload,
  });
}

/** Small files whose bytes are what their type says (file-type decides from the bytes). */
export const SAMPLES = {
  // A 1×1 PNG.
  png: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
  // A one-page PDF with no content.
  pdf: Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  ),
  // The start of a JPEG (SOI, APP0 JFIF) and a WebP (RIFF … WEBPVP8 ): enough for the type.
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]),
  webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32, 0)]),
  html: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
};
