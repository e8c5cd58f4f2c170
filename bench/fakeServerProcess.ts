/**
 * A fake llama.cpp server in its own process, so the client being measured
 * has a core to itself: every chat request is answered with the same
 * stream of `--tokens` Markdown tokens, one per SSE chunk: as fast as it
 * can, `--delay-ms` apart, or paced at `--rate` tokens a second.
 *
 * The pace keeps to a schedule (rendererPacing.ts): a timer that fires late
 * shortens the next pause instead of slowing the stream, where a fixed 2 ms
 * pause per token ran at two thirds of 500 tokens/s on this busy machine.
 * Prints `READY <baseURL>` on stdout, and exits when its stdin closes (so it
 * never outlives the benchmark that started it).
 *
 *   node --import tsx bench/fakeServerProcess.ts --tokens 20000 [--delay-ms 4 | --rate 500]
 */
import { parseArgs } from 'node:util';
import { startFakeServer } from '../e2e/fake-server/fakeServer';
import { markdownTokens } from './markdownTokens';
import { scheduledChunks } from './rendererPacing';

const { values } = parseArgs({ options: { tokens: { type: 'string', default: '20000' }, 'delay-ms': { type: 'string', default: '0' }, rate: { type: 'string' } } });
const tokens = Number(values.tokens);
const delayMs = Number(values['delay-ms']);
const rate = values.rate === undefined ? undefined : Number(values.rate);
if (
  !Number.isInteger(tokens) ||
  tokens < 1 ||
  tokens > 10_000_000 ||
  !Number.isFinite(delayMs) ||
  delayMs < 0 ||
  delayMs > 10_000 ||
  (rate !== undefined && !(rate > 0 && rate <= 1_000_000))
) {
  process.stderr.write(`fakeServerProcess: bad --tokens ${values.tokens}, --delay-ms ${values['delay-ms']} or --rate ${values.rate}\n`);
  process.exit(2);
}

const words = markdownTokens(tokens);
const turn = {
  chunks: rate === undefined ? words.map((text) => ({ text })) : scheduledChunks(words, 1000 / rate),
  usage: { promptTokens: 50, completionTokens: tokens },
  ...(rate === undefined && delayMs > 0 ? { chunkDelayMs: delayMs } : {}),
};
const server = await startFakeServer({ profile: 'llama.cpp', script: [turn], repeatScript: true });
process.stdout.write(`READY ${server.baseURL}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.close().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
