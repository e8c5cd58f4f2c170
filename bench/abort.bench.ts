/**
 * Abort: from `agentService.abort(runId)` to the model server seeing its
 * socket closed, against the bare `openai` SDK's AbortController.abort()
 * on the same kind of stream, interleaved.
 *
 *   node --expose-gc --import tsx bench/abort.bench.ts [--reps 15]
 *
 * The fake llama.cpp server runs in this process (so both ends share one
 * clock) and streams slowly (a token every 2 ms); each run is stopped at
 * its 20th token. The server's side is the `close` of the response, which
 * it notes as the client closing early. Prints BENCH rows; exits non-zero
 * only when it cannot run.
 */
import { parseArgs } from 'node:util';
import { startFakeServer, type FakeServer, type RecordedRequest } from '../e2e/fake-server/fakeServer';
import type { StreamTurn } from '../e2e/fake-server/script';
import { printRow, under } from './benchRow';
import { formatNumber } from './benchTable';
import { createEngineHarness } from './engineHarness';
import { markdownTokens } from './markdownTokens';
import { bareClient, sdkStream } from './sdkStream';
import { collectGarbage, finite, interleave, median, pairedDifferences } from './stats';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '15' } } });
const REPS = Number(values.reps);
const STOP_AT_TOKEN = 20;
const TARGET_MS = 50;
const MODEL = 'bench-model';
const PROMPT = 'Write a long answer.';
const slowTurn: StreamTurn = { chunks: markdownTokens(5_000).map((text) => ({ text })), chunkDelayMs: 2 };

interface AbortTiming {
  /** abort() called → the server saw the connection close, in ms. */
  ms: number;
  closedEarly: boolean;
}

/** The chat request being answered now (one at a time here). */
function currentChat(server: FakeServer): RecordedRequest {
  const request = server.chatRequests().at(-1);
  if (!request) throw new Error('no chat request reached the server');
  return request;
}

/** Starts the clock, arms the server-side stop watch, and calls `abort`. */
function stopNow(server: FakeServer, abort: () => void): Promise<AbortTiming> {
  const request = currentChat(server);
  const abortedAt = performance.now();
  const closed = request.done.then(() => ({ ms: performance.now() - abortedAt, closedEarly: request.clientClosedEarly }));
  abort();
  return closed;
}

async function main(): Promise<void> {
  const server = await startFakeServer({ profile: 'llama.cpp', script: [slowTurn], repeatScript: true });
  const engine = await createEngineHarness({ endpoints: [server.baseURL] });
  try {
    const client = bareClient(server.baseURL);
    const body = { model: MODEL, messages: [{ role: 'user', content: PROMPT }], stream_options: { include_usage: true }, max_tokens: 8192, temperature: 0 };
    const runs = await interleave(
      {
        sdk: async (): Promise<AbortTiming> => {
          const controller = new AbortController();
          let timing: Promise<AbortTiming> | undefined;
          try {
            await sdkStream(client, body, controller.signal, {
              onToken: (n) => {
                if (n === STOP_AT_TOKEN) timing = stopNow(server, () => controller.abort());
              },
            });
          } catch {
            // The SDK may end its iteration by throwing when aborted; the timing is what matters.
          }
          if (!timing) throw new Error('the SDK stream ended before it could be stopped');
          return timing;
        },
        engine: async (): Promise<AbortTiming> => {
          let timing: Promise<AbortTiming> | undefined;
          const run = await engine.run(`local:${server.baseURL}/${MODEL}`, PROMPT, {
            onTextDelta: (runId, n) => {
              if (n === STOP_AT_TOKEN) timing = stopNow(server, () => engine.service.abort(runId));
            },
          });
          if (!timing) throw new Error(`the engine's run ended with ${run.end} before it could be stopped${run.error ? `: ${run.error}` : ''}`);
          if (run.end !== 'run-abort') throw new Error(`the engine's run ended with ${run.end}, not run-abort`);
          return timing;
        },
      },
      { reps: REPS, warmup: 3, beforeEach: collectGarbage },
    );
    if (![...runs.sdk, ...runs.engine].every((t) => t.closedEarly)) process.stderr.write('abort.bench: some connections were not closed early by the client\n');
    const engineMs = runs.engine.map((t) => t.ms);
    const sdkMs = runs.sdk.map((t) => t.ms);
    const value = finite(median(engineMs));
    const diff = median(pairedDifferences(engineMs, sdkMs));
    printRow({
      figure: 'Abort: agentService.abort(runId) → the server sees the socket closed (fake server, stopped at the 20th token)',
      baseline: `bare openai SDK, AbortController.abort(): ${formatNumber(median(sdkMs))} ms`,
      value,
      unit: 'ms',
      target: `< ${TARGET_MS} ms`,
      met: under(value, TARGET_MS),
      detail: `${diff >= 0 ? '+' : ''}${formatNumber(diff)} ms over the SDK; median of ${REPS} interleaved pairs`,
    });
  } finally {
    await engine.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`abort.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
