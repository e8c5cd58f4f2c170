import { afterEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from './fakeServer';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readAll(url: string, body: unknown): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return res.text();
}

describe('fake server, paced streams', () => {
  it('keeps no listener per pause: a long paced stream raises no max-listeners warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const chunks = Array.from({ length: 40 }, (_, i) => ({ text: `t${i} ` }));
      server = await startFakeServer({ profile: 'llama.cpp', script: [{ chunks, chunkDelayMs: 1 }] });
      const text = await readAll(`${server.baseURL}/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      expect(text).toContain('t39 ');
      expect(text).toContain('[DONE]');
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('still wakes a pause at once when the client goes away', async () => {
    server = await startFakeServer({ profile: 'llama.cpp', script: [{ chunks: [{ text: 'a' }, { delayMs: 60_000 }, { text: 'b' }] }] });
    const controller = new AbortController();
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const request = server.chatRequests()[0]!;
    await request.done;
    expect(request.clientClosedEarly).toBe(true);
  });
});
