import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { PunieError } from '../errors';
import { readChatStream } from './sseChatStream';

/** A body delivering `pieces` as separate network reads; `cancelled` says whether the reader hung up. */
function body(pieces: ReadonlyArray<string | Uint8Array>) {
  const state = { cancelled: false, reads: 0 };
  const enc = new TextEncoder();
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i >= pieces.length) return controller.close();
      const p = pieces[i++]!;
      state.reads++;
      controller.enqueue(typeof p === 'string' ? enc.encode(p) : p);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function chunks(pieces: ReadonlyArray<string | Uint8Array>, maxEventChars?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  await readChatStream(body(pieces).stream, (c) => out.push(c), maxEventChars === undefined ? {} : { caps: { maxEventChars } });
  return out;
}

const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;

describe('readChatStream', () => {
  it('hands over each event parsed, whatever the network split, including inside a multi-byte character', async () => {
    const wire = new TextEncoder().encode(chunk('héllo ✓') + ': keepalive\n\n' + chunk('wörld') + 'data: [DONE]\n\n');
    const split: Uint8Array[] = [];
    // One byte a read: every line, field and UTF-8 sequence is cut somewhere.
    for (let i = 0; i < wire.length; i++) split.push(wire.subarray(i, i + 1));
    expect(await chunks(split)).toEqual([{ choices: [{ delta: { content: 'héllo ✓' } }] }, { choices: [{ delta: { content: 'wörld' } }] }]);
  });

  it('reads CRLF line ends, multi-line data and an event name, and a last event without its blank line', async () => {
    const out = await chunks(['event: message\r\ndata: {"a":\r\ndata: 1}\r\n\r\n', 'data: {"b":2}']);
    expect(out).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('ignores everything after [DONE]', async () => {
    expect(await chunks([chunk('a'), 'data: [DONE]\n\n', chunk('b')])).toEqual([{ choices: [{ delta: { content: 'a' } }] }]);
  });

  it('fails as the SDK does on an error event and on malformed JSON', async () => {
    const err = await chunks(['data: {"error":{"message":"boom"}}\n\n']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).message).toMatch(/boom/);
    await expect(chunks(['data: {"choices":\n\n'])).rejects.toBeInstanceOf(SyntaxError);
  });

  it('a stream cut inside its last event ends quietly (the provider then says it ended early)', async () => {
    expect(await chunks([chunk('a'), 'data: {"choices":[{"delta'])).toEqual([{ choices: [{ delta: { content: 'a' } }] }]);
  });

  it('stops an event larger than the cap with stream-too-large, and hangs up', async () => {
    const { stream, state } = body(['data: "', ...Array.from({ length: 100 }, () => 'x'.repeat(1000))]);
    const err = await readChatStream(stream, () => undefined, { caps: { maxEventChars: 10_000 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PunieError);
    expect((err as PunieError).code).toBe('stream-too-large');
    expect(state.cancelled).toBe(true);
    expect(state.reads).toBeLessThan(15);
  });

  it('events up to the cap pass', async () => {
    const big = chunk('y'.repeat(9_000));
    expect(await chunks([big, big], 10_000)).toHaveLength(2);
  });

  it('tells the caller of every read, keep-alive comments included', async () => {
    let reads = 0;
    await readChatStream(body([': keepalive\n\n', ': keepalive\n\n', chunk('a')]).stream, () => undefined, { onRead: () => reads++ });
    expect(reads).toBe(3);
  });

  it('a consumer that throws stops the reading and hangs up', async () => {
    const { stream, state } = body([chunk('a'), chunk('b'), chunk('c')]);
    await expect(
      readChatStream(stream, () => {
        throw new Error('consumer');
      }),
    ).rejects.toThrow('consumer');
    expect(state.cancelled).toBe(true);
  });
});
