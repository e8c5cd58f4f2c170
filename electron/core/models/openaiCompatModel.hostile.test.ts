import { afterEach, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileOptions, type HostileServer } from '../../../test/support/core/hostileSseServer';
import { PunieError } from '../errors';
import { createOpenAICompatModel } from './openaiCompatModel';
import { DEFAULT_OUTPUT_CAPS } from './openaiTurnReader';
import { DEFAULT_MAX_EVENT_CHARS } from './sseChatStream';
import type { ChatRequest, ModelStreamEvent } from './types';

/**
 * Issue 11, item 7: a server can exhaust CPU and memory. Before the caps, one
 * 20 MB event took 39 s of CPU in the SDK's parser and an endless fast
 * stream grew the process to 2.9 GB. Each attack here comes from a real HTTP
 * server on loopback, read through the provider with its default caps: the
 * run ends with `stream-too-large`, keeps the text that arrived, hangs up on
 * the server, and holds no more than a bounded amount of what was sent.
 */

const MB = 1024 * 1024;
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hi: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };

async function attack(options: HostileOptions, request: ChatRequest = hi) {
  server = await startHostileServer(options);
  const model = createOpenAICompatModel({
    ref: { spec: 'local:hostile', provider: 'local', modelId: 'hostile', baseURL: server.baseURL },
    baseURL: server.baseURL,
    apiKey: 'api-key-not-set',
    flavour: 'local',
    retry: { maxAttempts: 1 },
  });
  const events: ModelStreamEvent[] = [];
  let peakHeap = 0;
  const heapAtStart = process.memoryUsage().heapUsed;
  const sample = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - heapAtStart)), 5);
  const startedAt = performance.now();
  const error = await model.streamTo(request, new AbortController().signal, (e) => events.push(e)).then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - startedAt;
  clearInterval(sample);
  const hungUp = await server.ended();
  return { error, events, ms, hungUp, sent: server.sent(), peakHeapMB: peakHeap / MB };
}

const text = (events: ModelStreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');

describe('a hostile server cannot exhaust memory or CPU through the stream', () => {
  it('a 50 MB event ends the run with stream-too-large, quickly, and the connection is closed', async () => {
    const r = await attack({ mode: 'huge-event', totalBytes: 50 * MB });
    expect(r.error).toBeInstanceOf(PunieError);
    expect((r.error as PunieError).code).toBe('stream-too-large');
    expect((r.error as PunieError).message).toMatch(/single stream event larger than 8 Mi characters/);
    expect(r.hungUp).toBe('client-closed');
    // It stopped reading at the cap: what the server got out is the cap plus what the sockets buffer.
    expect(r.sent).toBeLessThan(DEFAULT_MAX_EVENT_CHARS + 8 * MB);
    expect(r.peakHeapMB).toBeLessThan(200);
  }, 60_000);

  it('an endless stream of text ends at the text cap, keeping the text that arrived', async () => {
    const r = await attack({ mode: 'endless-text', pieceChars: 1000 });
    expect(r.error).toBeInstanceOf(PunieError);
    const error = r.error as PunieError;
    expect(error.code).toBe('stream-too-large');
    expect(error.message).toMatch(/more than 4 Mi characters of text in one answer/);
    expect(r.hungUp).toBe('client-closed');
    const shown = text(r.events);
    expect(shown.length).toBeGreaterThan(DEFAULT_OUTPUT_CAPS.maxOutputChars - 1000);
    expect(shown.length).toBeLessThanOrEqual(DEFAULT_OUTPUT_CAPS.maxOutputChars);
    expect(error.partialText).toBe(shown);
    expect(r.sent).toBeLessThan(DEFAULT_OUTPUT_CAPS.maxOutputChars * 1.2 + 8 * MB);
  }, 60_000);

  it("an endless tool call's arguments end at the arguments cap", async () => {
    const r = await attack({ mode: 'endless-args', pieceChars: 1000 });
    expect((r.error as PunieError).code).toBe('stream-too-large');
    expect((r.error as PunieError).message).toMatch(/tool-call arguments longer than 4 Mi characters/);
    expect(r.hungUp).toBe('client-closed');
    expect(r.sent).toBeLessThan(DEFAULT_OUTPUT_CAPS.maxToolArgsChars * 1.3 + 8 * MB);
  }, 60_000);

  it('a turn capped at max_tokens ends once the server sends far more pieces than that', async () => {
    const r = await attack({ mode: 'endless-text', pieceChars: 1 }, { ...hi, maxTokens: 100 });
    expect((r.error as PunieError).code).toBe('stream-too-large');
    expect((r.error as PunieError).message).toMatch(/more than 1224 pieces of output/);
    // 100 tokens asked, 1,224 pieces allowed (twice, plus room), one character each.
    expect(text(r.events).length).toBe(1224);
    expect(r.hungUp).toBe('client-closed');
  }, 60_000);
});
