/**
 * The renderer benchmark's model server, in its own process so the page,
 * main and the server do not share an event loop: a fake llama.cpp server
 * (e2e/fake-server) that answers every chat request with `--tokens` Markdown
 * tokens, one SSE chunk each, paced at `--rate` tokens a second.
 *
 * The pace keeps to a schedule (rendererPacing.ts): a timer that fires late
 * shortens the next pause instead of slowing the stream, where a fixed 2 ms
 * pause per token ran at two thirds of 500 tokens/s on this busy machine.
 * Prints `READY <baseURL>` and exits when its stdin closes.
 *
 *   node --import tsx bench/rendererServerProcess.ts --tokens 10000 --rate 500
 */
import { parseArgs } from 'node:util';
import { startFakeServer } from '../e2e/fake-server/fakeServer';
import { markdownTokens } from './markdownTokens';
import { scheduledChunks } from './rendererPacing';

const { values } = parseArgs({ options: { tokens: { type: 'string', default: '10000' }, rate: { type: 'string', default: '500' } } });
const tokens = Number(values.tokens);
const rate = Number(values.rate);
if (!Number.isInteger(tokens) || tokens < 1 || tokens > 1_000_000 || !(rate > 0 && rate <= 1_000_000)) {
  process.stderr.write(`rendererServerProcess: bad --tokens ${values.tokens} or --rate ${values.rate}\n`);
  process.exit(2);
}

const chunks = scheduledChunks(markdownTokens(tokens), 1000 / rate);
const server = await startFakeServer({ profile: 'llama.cpp', script: [{ chunks, usage: { promptTokens: 50, completionTokens: tokens } }], repeatScript: true });
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
