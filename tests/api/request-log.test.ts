import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';

/** The app as src/app.ts builds it, logging at `level` into memory (each line parsed). */
function memoryStream(lines: Record<string, unknown>[]) {
  return new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
}

async function loggedApp(level: string) {
  const handle = await freshDatabase();
  const lines: Record<string, unknown>[] = [];
  const stream = memoryStream(lines);
  const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions(level, stream) });
  return { app, lines, close: async () => (await app.close(), await handle.close()) };
}

describe("each request's log lines (the request logger is made only when a line is written)", () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => close?.());

  it('at info, both lines of a request carry its request id, and two requests do not share one', async () => {
    const l = await loggedApp('info');
    close = l.close;
    const a = await l.app.inject({ method: 'GET', url: '/cases/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
    const b = await l.app.inject({ method: 'GET', url: '/me' });
    const ids = [a.json().requestId, b.json().requestId];
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) {
      const mine = l.lines.filter((x) => x.reqId === id).map((x) => x.msg);
      expect(mine).toEqual(['incoming request', 'request completed']);
    }
  });

  it('at warn, an answered request writes nothing, and a failure is written with its request id', async () => {
    const handle = await freshDatabase();
    const lines: Record<string, unknown>[] = [];
    const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions('warn', memoryStream(lines)) });
    close = () => app.close();
    const ofRequests = () => lines.filter((x) => 'reqId' in x);
    await app.inject({ method: 'GET', url: '/healthz' });
    expect(ofRequests()).toEqual([]);
    // With the database gone, a signed-in request fails on our side: a 500, logged once.
    await handle.close();
    const token = app.issueToken({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', tokenVersion: 0 });
    const res = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(500);
    expect(ofRequests().map((x) => [x.msg, x.reqId])).toEqual([['request failed', res.json().requestId]]);
  });
});
