/**
 * Authentication before validation, on every route (issue 21): an anonymous request to an
 * operation that needs a signed-in caller is 401 whatever its body, query or path parameters,
 * never a 400 that names the fields (which would teach the schema to anyone). The routes are
 * walked from the OpenAPI document the app serves, so a route added later is walked too; an
 * operation whose `security` is empty is public and left out. Both databases.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';

const t = useTestApp();

type Operation = { security?: unknown[]; requestBody?: unknown; parameters?: { in: string; name: string }[] };

/** Each secured operation with a request that is wrong everywhere it can be: path, query and body. */
function badAnonymousRequests() {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const out: { name: string; method: string; url: string; body?: string }[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!op.security?.length) continue;
      const url = path.replace(/\{[^}]+\}/g, 'not-an-id');
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${p.name}=%00-not-valid-%7F`);
      out.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        url: query.length ? `${url}?${query.join('&')}` : url,
        ...(op.requestBody || ['post', 'put', 'patch'].includes(method) ? { body: '[["not", "an", "object"]]' } : {}),
      });
    }
  }
  return out;
}

describe('an anonymous request with bad input is 401 on every secured route', () => {
  it('walks every secured operation of /openapi.json', async () => {
    const requests = badAnonymousRequests();
    expect(requests.length).toBeGreaterThanOrEqual(29);
    const wrong: string[] = [];
    for (const r of requests) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: r.url,
        ...(r.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload: r.body }),
      });
      if (res.statusCode !== 401) wrong.push(`${r.name}: ${res.statusCode} ${JSON.parse(res.body)?.error?.code ?? res.body.slice(0, 80)}`);
      else expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) }, requestId: expect.any(String) });
    }
    console.log(`${requests.length} secured operations walked; not 401: ${wrong.length}\n  ${wrong.join('\n  ')}`);
    expect(wrong).toEqual([]);
  });

  it('a body of a type no route reads, sent anonymously to a secured route, is 401 too', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/cases', headers: { 'content-type': 'application/xml' }, payload: '<case/>' });
    expect(res.statusCode, res.body).toBe(401);
  });
});
