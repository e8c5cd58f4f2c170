/**
 * MCP: what Punie adds to a tool call of a real MCP server, and to starting
 * the configured servers, each against the bare `@modelcontextprotocol/sdk`
 * Client doing the same in the same run, interleaved.
 *
 *   node --expose-gc --import tsx bench/mcp.bench.ts [--reps 25] [--batch 20]
 *
 * Calls: server-everything's `echo` through Punie's tool path — the agent's
 * tool-call runner (arguments parsed and checked, the call prepared, the
 * permission broker answering from a rule that pre-allows the server, the
 * call run over Punie's process-group stdio transport, the result turned
 * into the model's text, the tool-result event) — against the bare SDK
 * Client (its own StdioClientTransport) calling `echo` on another
 * server-everything process. Each repetition times a batch of calls on each
 * side; the figure is the median per-call difference.
 *
 * Start: from creating the app's MCP manager over an mcp.json naming three
 * stdio servers (two server-everything, one server-filesystem) to all three
 * connected with their tools listed, against the bare SDK connecting the
 * same three programs and listing their tools, in parallel.
 *
 * Prints BENCH rows; exits non-zero only when it cannot run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { AgentEvent } from '../shared/agentEvents';
import { createPermissionBroker, createPermissionGrants } from '../electron/core/agent/permissionBroker';
import { runToolCall } from '../electron/core/agent/toolCallRunner';
import { createLogger, setLogLevel } from '../electron/core/log';
import { createMcpHost } from '../electron/core/mcp/mcpHost';
import { createMcpManager } from '../electron/core/mcp/mcpManager';
import { createToolContext } from '../electron/core/tools/toolContext';
import { createToolRegistry, DEFAULT_TOOLS } from '../electron/core/tools/toolRegistry';
import { EVERYTHING_JS, FILESYSTEM_JS, everythingSpec } from '../test/support/core/mcp/realServers';
import { atMost, printRow } from './benchRow';
import { formatNumber } from './benchTable';
import { collectGarbage, finite, interleave, median, pairedDifferences } from './stats';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '25' }, batch: { type: 'string', default: '20' }, starts: { type: 'string', default: '7' } } });
const REPS = Number(values.reps);
const BATCH = Number(values.batch);
const STARTS = Number(values.starts);
const CALL_TARGET_MS = 2;
const START_TARGET_MS = 100;
const log = createLogger('bench:mcp');
setLogLevel('error');

const env = { PATH: process.env.PATH, HOME: process.env.HOME };

async function bareClient(args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' }));
  return client;
}

async function calls(folder: string): Promise<void> {
  const host = createMcpHost({ baseEnv: async () => env, log });
  await host.setServers([everythingSpec()]);
  host.start();
  await host.ready(AbortSignal.timeout(60_000));
  if (host.statuses()[0]?.state !== 'connected') throw new Error(`server-everything did not connect: ${host.statuses()[0]?.error ?? 'unknown'}`);
  const bare = await bareClient([EVERYTHING_JS, 'stdio']);
  const controller = new AbortController();
  const registry = createToolRegistry([...DEFAULT_TOOLS, ...host.tools()]);
  const context = await createToolContext({ workspace: folder, signal: controller.signal });
  let results = 0;
  const emit = (event: AgentEvent) => {
    if (event.type === 'tool-result') results += 1;
    if (event.type === 'tool-error') throw new Error(`echo failed through Punie: ${event.error.message}`);
  };
  const broker = createPermissionBroker({ runId: 'bench', rules: {}, mcpRules: [{ server: 'everything' }], grants: createPermissionGrants(), emit });
  let n = 0;
  try {
    const runs = await interleave(
      {
        punie: async () => {
          const started = performance.now();
          for (let i = 0; i < BATCH; i++) {
            n += 1;
            const outcome = await runToolCall(
              { id: `call-${n}`, name: 'everything__echo', argsText: `{"message":"ping ${n}"}` },
              { runId: 'bench', tools: { registry, context }, broker, emit, signal: controller.signal, clock: () => performance.now() },
            );
            if (!outcome.ok || outcome.content !== `Echo: ping ${n}`) throw new Error(`unexpected answer through Punie: ${outcome.content}`);
          }
          return (performance.now() - started) / BATCH;
        },
        sdk: async () => {
          const started = performance.now();
          for (let i = 0; i < BATCH; i++) {
            n += 1;
            const result = await bare.callTool({ name: 'echo', arguments: { message: `ping ${n}` } });
            const first = (result.content as { type: string; text?: string }[])[0];
            if (first?.text !== `Echo: ping ${n}`) throw new Error('unexpected answer from the bare SDK');
          }
          return (performance.now() - started) / BATCH;
        },
      },
      { reps: REPS, warmup: 3, beforeEach: collectGarbage },
    );
    if (results !== (REPS + 3) * BATCH) throw new Error(`expected ${(REPS + 3) * BATCH} tool results, saw ${results}`);
    const diffs = pairedDifferences(runs.punie, runs.sdk);
    const value = finite(median(diffs));
    printRow({
      figure: "MCP: one call to server-everything's echo through Punie's tool path (arguments checked, permission pre-allowed by a rule, process-group stdio transport, result text, tool-result event)",
      baseline: `bare @modelcontextprotocol/sdk Client calling echo on its own server-everything: ${formatNumber(median(runs.sdk))} ms a call`,
      value,
      unit: 'ms',
      target: `≤ ${CALL_TARGET_MS} ms more`,
      met: atMost(value, CALL_TARGET_MS),
      detail: `Punie ${formatNumber(median(runs.punie))} ms a call; median per-call difference of ${REPS} interleaved pairs of ${BATCH} calls each`,
    });
  } finally {
    await bare.close();
    await host.stop();
  }
}

async function starts(folder: string): Promise<void> {
  const servers = {
    everything: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'] },
    'everything-2': { command: process.execPath, args: [EVERYTHING_JS, 'stdio'] },
    files: { command: process.execPath, args: [FILESYSTEM_JS, folder] },
  };
  const programs = Object.values(servers).map((s) => s.args);
  const runs = await interleave(
    {
      punie: async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'punie-bench-mcp-data-'));
        await writeFile(join(dataDir, 'mcp.json'), JSON.stringify({ mcpServers: servers }));
        const started = performance.now();
        const manager = createMcpManager({ dataDir, workspace: () => undefined, baseEnv: async () => env, log, watchFiles: false });
        await manager.start(AbortSignal.timeout(60_000));
        // Every server left its handshake: connected (tools listed) or failed.
        await manager.host().ready(AbortSignal.timeout(60_000));
        const ms = performance.now() - started;
        const down = manager.view().servers.filter((s) => s.state !== 'connected');
        if (down.length > 0) throw new Error(`${down[0]!.name} did not connect: ${down[0]!.error ?? down[0]!.state}`);
        await manager.dispose();
        await rm(dataDir, { recursive: true, force: true });
        return ms;
      },
      sdk: async () => {
        const started = performance.now();
        const clients = await Promise.all(
          programs.map(async (args) => {
            const client = await bareClient(args);
            await client.listTools();
            return client;
          }),
        );
        const ms = performance.now() - started;
        await Promise.all(clients.map((c) => c.close()));
        return ms;
      },
    },
    { reps: STARTS, warmup: 1, beforeEach: collectGarbage },
  );
  const value = finite(median(pairedDifferences(runs.punie, runs.sdk)));
  printRow({
    figure: 'MCP: app start to all configured stdio servers connected (two server-everything, one server-filesystem; their tools listed)',
    baseline: `bare @modelcontextprotocol/sdk: connect and list the tools of the same three programs, in parallel: ${formatNumber(median(runs.sdk))} ms`,
    value,
    unit: 'ms',
    target: `≤ ${START_TARGET_MS} ms more`,
    met: atMost(value, START_TARGET_MS),
    detail: `Punie ${formatNumber(median(runs.punie))} ms (mcp.json read, process groups, the handshake, every page of tools/list); median difference of ${STARTS} interleaved pairs`,
  });
}

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'punie-bench-mcp-'));
  try {
    await calls(folder);
    await starts(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`mcp.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
