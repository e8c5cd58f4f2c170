/**
 * CLI start: `punie --version`, and `punie status` with two servers up,
 * against starting Node itself (`node -e 0`), spawned the same way and
 * interleaved in the same run.
 *
 *   node --import tsx bench/cliStart.bench.ts [--reps 21]
 *
 * Needs the built CLI (`npm run build`: out/cli/punie.mjs). The servers are
 * the fake LM Studio and llama.cpp, each in its own process
 * (probeFakeServers.ts). Prints BENCH rows; exits non-zero only when it
 * cannot run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { atMost, printRow } from './benchRow';
import { formatNumber } from './benchTable';
import { startServerChild, type ServerChild } from './probeFakeServers';
import { interleave, median, pairedDifferences } from './stats';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '21' } } });
const REPS = Number(values.reps);
const BIN = fileURLToPath(new URL('../bin/punie.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../out/cli/punie.mjs', import.meta.url));

/** Spawns `node args`, waits for its exit; the wall time from spawn to exit, in ms. */
function timedRun(args: readonly string[], env: NodeJS.ProcessEnv, expectCode: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== expectCode) reject(new Error(`node ${args.join(' ')} exited with ${code}: ${err.slice(0, 300)}`));
      else resolve(ms);
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(BUILT)) throw new Error('the CLI is not built (run npm run build)');
  const home = mkdtempSync(join(tmpdir(), 'punie-bench-cli-'));
  const servers: ServerChild[] = [];
  try {
    servers.push(await startServerChild(['--profile', 'lmstudio']));
    servers.push(await startServerChild(['--profile', 'llama.cpp']));
    // A clean environment: no keys, its own data folder, the two servers and nothing else probed.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      PUNIE_DATA_DIR: join(home, 'data'),
      PUNIE_LOCAL_ENDPOINTS: servers.map((s) => s.baseURL).join(','),
      NO_COLOR: '1',
    };
    const runs = await interleave(
      {
        node: () => timedRun(['-e', '0'], env, 0),
        version: () => timedRun([BIN, '--version'], env, 0),
        status: () => timedRun([BIN, 'status'], env, 0),
      },
      { reps: REPS, warmup: 2 },
    );
    const nodeMs = median(runs.node);
    const version = median(pairedDifferences(runs.version, runs.node));
    const status = median(pairedDifferences(runs.status, runs.node));
    printRow({
      figure: 'CLI start: `punie --version`, spawn → exit',
      baseline: `node -e 0, spawn → exit: ${formatNumber(nodeMs)} ms`,
      value: version,
      unit: 'ms more',
      target: '≤ 40 ms more',
      met: atMost(version, 40),
      detail: `punie ${formatNumber(median(runs.version))} ms; median difference of ${REPS} interleaved runs`,
      ...(version > 40
        ? { note: `\`node -e 0\` itself took ${formatNumber(nodeMs)} ms here (the machine's load stretches every start); \`--version\` is answered by the CLI's entry (bin/punie.js → out/cli/punie.mjs and two chunks of a few hundred bytes: Node's ESM loader, which \`node -e 0\` does not start), nothing else loads (electron/cli/startupChunks.test.ts); Node 20 has no compile cache (module.enableCompileCache needs Node 22.1).` }
        : {}),
    });
    printRow({
      figure: 'CLI start: `punie status` with LM Studio and llama.cpp up (fakes, their own processes), spawn → exit',
      baseline: `node -e 0, spawn → exit: ${formatNumber(nodeMs)} ms`,
      value: status,
      unit: 'ms more',
      target: '≤ 80 ms more',
      met: atMost(status, 80),
      detail: `punie ${formatNumber(median(runs.status))} ms (Node start, the CLI's chunks and node:http, one probe round of two servers of unknown kind and Ollama's port); median difference of ${REPS} interleaved runs`,
      ...(status > 80
        ? { note: `status loads about 40 KB of the CLI's own code in some twenty chunks (no zod, no SDK, no TLS: electron/cli/startupChunks.test.ts) and node:http, then probes both servers, whose kinds a fresh process does not know (two round trips each: the listing, then the paths that tell the kind; the probe rows above), and Ollama's port; \`node -e 0\` took ${formatNumber(nodeMs)} ms here (the machine's load stretches every start).` }
        : {}),
    });
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`cliStart.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
