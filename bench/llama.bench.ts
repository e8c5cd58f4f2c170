/**
 * The real llama-server (tiny random model) streamed four ways, interleaved:
 * the built `punie ask --json` (spawned, as a user runs it), the bare
 * `openai` SDK in this process (warm), the same SDK in a fresh process
 * (bench/coldSdkClient.mjs, spawned: the cold baseline a fresh `punie`
 * process is compared with), and `curl -N` (spawned, the floor). All send
 * the same request body, byte for byte: the one `punie ask` sends,
 * captured first from a fake server.
 *
 *   node --expose-gc --import tsx bench/llama.bench.ts [--reps 9] [--tokens 400]
 *
 * The server runs with --ignore-eos and a context just big enough for the
 * prompt plus `--tokens`, so every answer is the same length and ends by
 * itself. What each clock measures:
 * - tokens/s: from a client's first token to its last, as this process saw
 *   them arrive (stdout lines for spawned clients); start-up is not in it.
 * - time to first token, from the request: each fresh process's own clock:
 *   the cold SDK's request → first text; punie's figure from its last event
 *   (the run's start, model resolution included, → first token).
 * - time to first token including start-up: spawn → first text on stdout,
 *   punie against the cold SDK (curl's for reading).
 * Prints BENCH rows; exits non-zero only when it cannot run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFakeServer } from '../e2e/fake-server/fakeServer';
import { ensureLlama, startLlamaServer, type LlamaServer } from '../e2e/llama/llamaServer';
import { findOnPath } from '../e2e/llama/toolchain';
import { assertBuilt, PUNIE_BIN, spawnPunie } from '../test/support/cli/spawnPunie';
import { atLeast, printRow } from './benchRow';
import { formatNumber } from './benchTable';
import { bareClient, sdkStream, type StreamTimings } from './sdkStream';
import { collectGarbage, finite, interleave, median, pairedDifferences, pairedRatios } from './stats';
import { generationRate, LLAMA_EVAL_LINE, llamaEvalRate, readColdSdkStream, readPunieStream, readSseStream, type ColdSdkStream, type PunieStream } from './streamReaders';
import { spawnTimed } from './timedProcess';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '9' }, tokens: { type: 'string', default: '400' } } });
const REPS = Number(values.reps);
const GENERATE = Number(values.tokens);
const MODEL = 'tiny';
const PROMPT = 'Tell me a long story about a build server that never sleeps.';
const RUN_TIMEOUT_MS = 120_000;
const SERVER_ARGS = ['-np', '1', '-t', '1', '--ignore-eos'];
const COLD_SDK_CLIENT = fileURLToPath(new URL('./coldSdkClient.mjs', import.meta.url));
/** Spawns of each start-up-only command, for the start-up row's reason. */
const START_UP_REPS = 7;

class CannotRun extends Error {}

/** Why a fresh `punie ask` reaches its first token later than a fresh SDK script, with this run's start-up figures. */
function startUpNote(nodeMs: number, helpMs: number, sdkImportMs: number): string {
  return (
    `both pay Node’s start-up (${formatNumber(nodeMs)} ms for \`node -e 0\` here), the openai SDK and Node’s fetch (undici); ` +
    `punie also loads what an agent needs before its first request: \`punie ask --help\`, which loads the ask command’s code and stops, takes ${formatNumber(helpMs)} ms from spawn to exit, against ${formatNumber(sdkImportMs)} ms for a script that only imports the openai SDK. ` +
    'That code is the zod schemas of the shared contracts, built as they load, and the tools (file, search and command code, child_process and streams); before the request the tool registry also turns the tools’ zod schemas into JSON schemas. ' +
    'The bundle is minified and split so a command loads only its own code (no Anthropic SDK, no history store with --no-history, no probe client when the spec names server and model), and punie loads fetch while it opens history and the workspace.'
  );
}

/** Spawn → exit of a short command, in ms. */
async function spawnToExit(args: readonly string[], env: Record<string, string>): Promise<number> {
  const run = await spawnTimed(process.execPath, args, { env, timeoutMs: 60_000 });
  if (run.code !== 0) throw new Error(`${args.join(' ')} failed (exit ${run.code}): ${run.stderr.trim().slice(-200)}`);
  return run.exitedAt - run.spawnedAt;
}

/**
 * Runs one client's request and takes the server's own generation rate for
 * it from its log, so each client's rate can be divided by the rate the
 * server managed right then (which swings with the machine's load).
 */
async function withServerRate<T>(server: LlamaServer, run: () => Promise<T>): Promise<{ t: T; serverRate: number }> {
  const mark = server.logMark();
  const t = await run();
  const line = await server.waitForLog(LLAMA_EVAL_LINE, 10_000, mark);
  return { t, serverRate: llamaEvalRate(line) ?? Number.NaN };
}

/** The exact body `punie ask` sends for PROMPT in `workspace`, from a fake server that records it. */
async function captureCliBody(workspace: string): Promise<Record<string, unknown>> {
  const fake = await startFakeServer({ profile: 'llama.cpp' });
  try {
    const run = await spawnPunie(cliArgs(`local:${fake.baseURL}/${MODEL}`, workspace), { env: { PUNIE_LOG: 'error' }, timeoutMs: RUN_TIMEOUT_MS });
    const body = fake.chatRequests()[0]?.body;
    if (run.code !== 0 || !body || typeof body !== 'object') throw new CannotRun(`punie ask failed against a fake server (exit ${run.code}): ${run.stderr.trim().slice(-400)}`);
    return body as Record<string, unknown>;
  } finally {
    await fake.close();
  }
}

function cliArgs(spec: string, workspace: string): string[] {
  return ['ask', PROMPT, '--json', '--no-history', '--model', spec, '--workspace', workspace, '--max-turns', '1'];
}

/** The server with the tiny model, one slot, one thread (the other core is the clients'), never ending on EOS. */
function startServer(contextTokens: number): Promise<LlamaServer> {
  return startLlamaServer({ alias: MODEL, extraArgs: ['-c', String(contextTokens), ...SERVER_ARGS] });
}

async function main(): Promise<void> {
  const setup = await ensureLlama();
  if ('skip' in setup) throw new CannotRun(setup.skip);
  try {
    assertBuilt();
  } catch {
    throw new CannotRun('the CLI is not built (out/cli/punie.mjs): run `npm run build` first');
  }
  const curl = findOnPath('curl', process.env.PATH ?? '');
  const workspace = await mkdtemp(join(tmpdir(), 'punie-bench-llama-ws-'));
  const scratch = await mkdtemp(join(tmpdir(), 'punie-bench-llama-'));
  let server: LlamaServer | undefined;
  try {
    const body = await captureCliBody(workspace);
    const bodyFile = join(scratch, 'body.json');
    await writeFile(bodyFile, JSON.stringify(body));

    // Size the context so every answer is the prompt plus GENERATE tokens, then stops by itself.
    server = await startServer(8192);
    const probe = await sdkStream(bareClient(server.baseURL), { ...body, max_tokens: 1 }, AbortSignal.timeout(RUN_TIMEOUT_MS));
    const promptTokens = probe.promptTokens;
    if (promptTokens === undefined) throw new CannotRun('llama-server did not report prompt_tokens');
    await server.stop();
    server = await startServer(promptTokens + GENERATE + 1);
    const client = bareClient(server.baseURL);
    const spec = `local:${server.baseURL}/${MODEL}`;
    const url = `${server.baseURL}/chat/completions`;

    const live = server;
    const contenders = {
      sdk: () => withServerRate(live, (): Promise<StreamTimings> => sdkStream(client, body, AbortSignal.timeout(RUN_TIMEOUT_MS))),
      punie: () => withServerRate(live, async (): Promise<PunieStream> => {
        const run = await spawnTimed(process.execPath, [PUNIE_BIN, ...cliArgs(spec, workspace)], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PUNIE_LOG: 'error' },
          timeoutMs: RUN_TIMEOUT_MS,
        });
        const read = readPunieStream(run.lines, run.spawnedAt, run.exitedAt);
        if (run.code !== 0 || read.end !== 'run-finish') throw new Error(`punie ask failed (exit ${run.code}): ${read.error ?? run.stderr.trim().slice(-400)}`);
        return read;
      }),
      coldSdk: () => withServerRate(live, async (): Promise<ColdSdkStream> => {
        const run = await spawnTimed(process.execPath, [COLD_SDK_CLIENT, live.baseURL, bodyFile], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() },
          timeoutMs: RUN_TIMEOUT_MS,
        });
        const read = readColdSdkStream(run.lines, run.spawnedAt, run.exitedAt);
        if (run.code !== 0 || !read.done) throw new Error(`the cold SDK client failed (exit ${run.code}): ${run.stderr.trim().slice(-400)}`);
        return read;
      }),
      ...(curl
        ? {
            curl: () => withServerRate(live, async (): Promise<StreamTimings> => {
              const run = await spawnTimed(curl, ['-sS', '-N', '-H', 'content-type: application/json', '--data-binary', `@${bodyFile}`, url], {
                env: { PATH: process.env.PATH ?? '' },
                timeoutMs: RUN_TIMEOUT_MS,
              });
              if (run.code !== 0) throw new Error(`curl failed (exit ${run.code}): ${run.stderr.trim().slice(-400)}`);
              return readSseStream(run.lines, run.spawnedAt, run.exitedAt);
            }),
          }
        : {}),
    };
    const measured = await interleave(contenders, { reps: REPS, warmup: 1, beforeEach: collectGarbage });
    // Start-up alone, for the start-up row's reason: Node, punie loading its ask command, a script loading the SDK.
    const plainEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PUNIE_LOG: 'error' };
    const startUp = await interleave(
      {
        node: () => spawnToExit(['-e', '0'], plainEnv),
        help: () => spawnToExit([PUNIE_BIN, 'ask', '--help'], plainEnv),
        sdkImport: () => spawnToExit(['--input-type=module', '-e', "import 'openai';"], plainEnv),
      },
      { reps: START_UP_REPS, warmup: 1 },
    );
    const runs = { sdk: measured.sdk.map((r) => r.t), punie: measured.punie.map((r) => r.t), coldSdk: measured.coldSdk.map((r) => r.t), curl: measured.curl?.map((r) => r.t) };
    /** Each run's rate as a share of the server's own rate for that request. */
    const share = (list: ReadonlyArray<{ t: StreamTimings; serverRate: number }>) => list.map((r) => generationRate(r.t) / r.serverRate);

    const tokens = runs.sdk[0]?.usageTokens ?? Number.NaN;
    const counts = new Set([...runs.sdk, ...runs.punie, ...runs.coldSdk, ...(runs.curl ?? [])].map((t) => t.usageTokens));
    const sameAnswers = counts.size === 1;
    const samePrompt = runs.punie.every((t) => t.promptTokens === promptTokens);
    const caveat = [
      sameAnswers ? '' : `answers differed in length (${[...counts].join(', ')} tokens)`,
      samePrompt ? '' : 'punie’s prompt was not the captured one',
    ]
      .filter(Boolean)
      .join('; ');
    const sdkRate = runs.sdk.map(generationRate);
    const punieRate = runs.punie.map(generationRate);
    const common = `${formatNumber(tokens)} tokens after a ${formatNumber(promptTokens)}-token prompt; median of ${REPS} interleaved runs${caveat ? `; ${caveat}` : ''}`;

    const sdkShare = share(measured.sdk);
    const punieShare = share(measured.punie);
    const serverRate = median([...measured.sdk, ...measured.punie, ...measured.coldSdk, ...(measured.curl ?? [])].map((r) => r.serverRate));
    const shareText = (list: number[]) => `${formatNumber(median(list))} of the server’s own rate`;
    const how = `each run’s rate is divided by the server’s own rate for that request (its log’s eval time; median ${formatNumber(serverRate)} tok/s), so the server’s speed, which swings with the machine’s load, cancels out`;
    const viaSdk = finite(median(pairedRatios(punieShare, sdkShare)));
    printRow({
      figure: 'llama-server (tiny model): tokens/s through `punie ask --json` (spawned), first token to last',
      baseline: `bare openai SDK, same request: ${formatNumber(median(sdkRate))} tok/s, ${shareText(sdkShare)}`,
      value: viaSdk,
      unit: '×',
      target: '≥ 0.97',
      met: atLeast(viaSdk, 0.97),
      detail: `punie ${formatNumber(median(punieRate))} tok/s, ${shareText(punieShare)} (its own stats line: ${formatNumber(median(runs.punie.map((t) => t.stats?.tokensPerSecond ?? Number.NaN)))} tok/s); ${how}; ${common}`,
    });
    if (measured.curl) {
      const curlShare = share(measured.curl);
      const viaCurl = finite(median(pairedRatios(punieShare, curlShare)));
      printRow({
        figure: 'llama-server (tiny model): tokens/s through `punie ask --json`, against curl',
        baseline: `curl -N, same request: ${formatNumber(median(measured.curl.map((r) => generationRate(r.t))))} tok/s, ${shareText(curlShare)}`,
        value: viaCurl,
        unit: '×',
        target: '≥ 0.97',
        met: atLeast(viaCurl, 0.97),
        detail: `punie ${formatNumber(median(punieRate))} tok/s, ${shareText(punieShare)}; ${common}`,
      });
    } else {
      printRow({ figure: 'llama-server (tiny model): tokens/s through `punie ask --json`, against curl', value: null, target: '≥ 0.97', note: 'curl is not installed here.' });
    }

    // Time to first token, fresh process against fresh process.
    const warmTtft = runs.sdk.map((t) => (t.firstTokenAt ?? Number.NaN) - t.startedAt);
    const coldOwn = runs.coldSdk.map((t) => t.requestToFirstTokenMs ?? Number.NaN);
    const punieOwn = runs.punie.map((t) => t.stats?.ttftMs ?? Number.NaN);
    const speed = finite(median(pairedRatios(coldOwn, punieOwn)));
    const extra = median(pairedDifferences(punieOwn, coldOwn));
    printRow({
      figure: 'llama-server: time to first token from the request, fresh processes: punie’s own figure (run start, model resolution included → first token, CLI clock)',
      baseline: `the openai SDK in a fresh process (bench/coldSdkClient.mjs), request → first text on its clock: ${formatNumber(median(coldOwn))} ms`,
      value: speed,
      unit: '×',
      target: '≥ 0.97 (of the SDK’s speed)',
      met: atLeast(speed, 0.97),
      detail: `punie ${formatNumber(median(punieOwn))} ms, ${extra >= 0 ? '+' : ''}${formatNumber(extra)} ms (punie loads Node's fetch while it opens history and the workspace, before its run starts; the SDK script loads it on its request; the warm SDK in this process: ${formatNumber(median(warmTtft))} ms); ${common}`,
      ...(speed !== null && speed < 0.97
        ? { note: `from its run's start punie builds the system prompt and tool list, opens the conversation and makes the model (no probe: the spec names server and model) before its request; ${formatNumber(extra)} ms more than the SDK script on this machine's clock.` }
        : {}),
    });

    const spawnToText = (list: readonly StreamTimings[]) => list.map((t) => (t.firstTokenAt ?? Number.NaN) - t.startedAt);
    const punieCold = spawnToText(runs.punie);
    const coldSdkCold = spawnToText(runs.coldSdk);
    const curlCold = runs.curl ? spawnToText(runs.curl) : undefined;
    const startSpeed = finite(median(pairedRatios(coldSdkCold, punieCold)));
    const startExtra = median(pairedDifferences(punieCold, coldSdkCold));
    printRow({
      figure: 'llama-server: time to first token including start-up: `punie ask --json` spawn → first text on stdout',
      baseline: `the openai SDK in a fresh process (bench/coldSdkClient.mjs), spawn → first text on stdout: ${formatNumber(median(coldSdkCold))} ms`,
      value: startSpeed,
      unit: '×',
      target: '≥ 0.97 (of the SDK’s speed)',
      met: atLeast(startSpeed, 0.97),
      detail: `punie ${formatNumber(median(punieCold))} ms, ${startExtra >= 0 ? '+' : ''}${formatNumber(startExtra)} ms (Node start-up, loading the CLI's chunks, the agent's setup, then the request)${curlCold ? `; the floor, curl -N: ${formatNumber(median(curlCold))} ms` : ''}; ${common}`,
      ...(startSpeed !== null && startSpeed < 0.97 ? { note: startUpNote(median(startUp.node), median(startUp.help), median(startUp.sdkImport)) } : {}),
    });
  } finally {
    await server?.stop();
    await rm(workspace, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const reason = e instanceof Error ? e.message : String(e);
    process.stderr.write(`llama.bench: cannot run${e instanceof CannotRun ? ' here' : ''}: ${reason}\n`);
    process.exit(e instanceof CannotRun ? 3 : 1);
  },
);
