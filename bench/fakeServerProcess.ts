/**
 * A fake llama.cpp server in its own process, so the client being measured
 * has a core to itself: every chat request is answered with the same
 * stream of `--tokens` Markdown tokens, one per SSE chunk: as fast as it
 * can, or `--delay-ms` apart. Prints `READY <baseURL>` on stdout, and exits when its
 * stdin closes (so it never outlives the benchmark that started it).
 *
 *   node --import tsx bench/fakeServerProcess.ts --tokens 20000 [--delay-ms 0]
 */
import { parseArgs } from 'node:util';
import { startFakeServer } from '../e2e/fake-server/fakeServer';
import { markdownTokens } from './markdownTokens';

const { values } = parseArgs({ options: { tokens: { type: 'string', default: '20000' }, 'delay-ms': { type: 'string', default: '0' } } });
const tokens = Number(values.tokens);
const delayMs = Number(values['delay-ms']);
if (!Number.isInteger(tokens) || tokens < 1 || tokens > 10_000_000 || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 10_000) {
  process.stderr.write(`fakeServerProcess: bad --tokens ${values.tokens} or --delay-ms ${values['delay-ms']}\n`);
  process.exit(2);
}

const turn = {
  chunks: markdownTokens(tokens).map((text) => ({ text })),
  usage: { promptTokens: 50, completionTokens: tokens },
  ...(delayMs > 0 ? { chunkDelayMs: delayMs } : {}),
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
