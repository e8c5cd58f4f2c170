import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { EXIT_CODES } from '../../../shared/errors';
import { LOAD_VIA_LABELS, loadStepText, type LoadStep } from '../../../shared/modelLoad';
import { parseModelSpec } from '../../../shared/modelSpec';
import { SERVER_KIND_LABELS, type EndpointStatus } from '../../../shared/serverStatus';
import { PunieError } from '../../core/errors';
import { findLms } from '../../core/servers/lmsCommand';
import { localEndpoints } from '../../core/servers/localEndpoints';
import { loadModel, unloadModel, type ModelControlDeps } from '../../core/servers/modelLoader';
import { INTERACTIVE_TIMEOUTS, probeServers } from '../../core/servers/probeServers';
import type { CliContext } from '../cliContext';
import { inertLine } from '../inertText';
import { hostOf } from '../../../shared/text';

/**
 * `punie models load MODEL [--context N]` and `punie models unload MODEL`:
 * the model on the first local server that lists it (or the one named),
 * loaded (reloaded, when it is loaded with another context) or unloaded
 * through what that server offers (modelLoader). Progress goes to stderr,
 * redrawn on one line on a terminal; the outcome to stdout. Ctrl-C cancels.
 */

export const LOAD_HELP = `usage: punie models load MODEL [--context N] [--server URL] [--json]
       punie models unload MODEL [--server URL] [--json]

load: loads MODEL on the local server that lists it, with N tokens of context
when --context is given (otherwise the server's default). A model that is
loaded with another context is unloaded first, then loaded again. Progress
is shown as it goes; Ctrl-C cancels the load.
unload: unloads every instance of MODEL.

MODEL is a model id as \`punie models\` lists it, or a spec naming the server
too (local:http://127.0.0.1:1234/v1/qwen/qwen3-8b).

Works with LM Studio 0.4 and later (its REST API), older LM Studio on this
machine when its lms command is installed (on the PATH or in
~/.lmstudio/bin), and llama-server started as a router (--models-dir), which
loads every model with its own --ctx-size. Other servers load models
themselves; Punie says so.

options:
      --context N   the context length to load with (tokens)
      --server URL  the server, when more than one lists the model
      --json        print each step as one JSON line on stdout
  -h, --help        this help

exit codes: 0 done, 2 usage, 3 server unavailable, 4 model not found,
1 the server cannot or the load failed, 130 cancelled (Ctrl-C)`;

/** After Ctrl-C, the time left to unload what a cancelled REST load still brings up (the CLI exits 2 s after Ctrl-C). */
const CLI_CANCEL_WATCH_MS = 1_500;
const MAX_CONTEXT = 10_000_000;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie models load --help` for usage.' });

export interface LoadArgs {
  action: 'load' | 'unload';
  model: string;
  /** From a spec naming the server, or --server. */
  server?: string;
  contextLength?: number;
  json: boolean;
}

export function parseLoadArgs(action: 'load' | 'unload', argv: readonly string[]): LoadArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        ...(action === 'load' ? { context: { type: 'string' as const } } : {}),
        server: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw usage(positionals.length === 0 ? `Name the model to ${action}.` : `Name one model to ${action} (got ${positionals.length}).`);
  let model = positionals[0]!;
  let server = typeof values.server === 'string' ? normaliseServer(values.server) : undefined;
  if (model.startsWith('local:')) {
    const spec = parseModelSpec(model);
    if (!spec.ok) throw new PunieError('invalid-spec', spec.error.message);
    if (spec.spec.provider !== 'local' || spec.spec.model === undefined) throw usage(`"${model}" names no model; give a model id, or local:URL/MODEL.`);
    model = spec.spec.model;
    server = spec.spec.baseURL ?? server;
  }
  const context = (values as { context?: string }).context;
  let contextLength: number | undefined;
  if (context !== undefined) {
    contextLength = /^\d{1,8}$/.test(context) ? Number(context) : Number.NaN;
    if (!Number.isInteger(contextLength) || contextLength < 256 || contextLength > MAX_CONTEXT) throw usage(`--context must be a whole number of tokens from 256 to ${MAX_CONTEXT.toLocaleString('en-US')} (got "${context}").`);
  }
  return { action, model, ...(server ? { server } : {}), ...(contextLength ? { contextLength } : {}), json: values.json === true };
}

/** --server as a base URL ending in /v1 (`http://127.0.0.1:1234` → `http://127.0.0.1:1234/v1`). */
function normaliseServer(text: string): string {
  const parsed = parseModelSpec(`local:${text}`);
  if (!parsed.ok || parsed.spec.provider !== 'local' || !parsed.spec.baseURL || parsed.spec.model !== undefined) throw usage(`--server must be a server's URL, such as http://127.0.0.1:1234/v1 (got "${text}").`);
  return parsed.spec.baseURL;
}

/** The endpoint that lists the model: the one named, else the first local endpoint (in order) that lists it. */
async function endpointFor(args: LoadArgs, ctx: CliContext): Promise<EndpointStatus> {
  const endpoints = args.server ? [args.server] : localEndpoints(ctx.env);
  const status = await probeServers({ endpoints, signal: ctx.signal, ...INTERACTIVE_TIMEOUTS });
  const online = status.endpoints.filter((e) => e.state === 'online');
  const listing = online.find((e) => e.models.some((m) => m.id === args.model));
  if (listing) return listing;
  if (args.server) {
    const only = status.endpoints[0]!;
    if (only.state !== 'online') throw new PunieError(only.lastError?.code ?? 'server-unavailable', only.lastError?.message ?? `Nothing answers at ${args.server}.`, only.lastError?.hint ? { hint: only.lastError.hint } : {});
    return only; // the loader names the models it has
  }
  if (online.length === 0) {
    throw new PunieError('server-unavailable', `No local server answers (tried ${endpoints.join(', ')}).`, { hint: 'Start LM Studio or llama-server, or set PUNIE_LOCAL_ENDPOINTS.' });
  }
  throw new PunieError('model-not-found', `No local server lists ${args.model}.`, { hint: 'Run `punie models` for the models each server has.' });
}

export async function runModelsLoad(action: 'load' | 'unload', argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseLoadArgs(action, argv);
  if (args === 'help') {
    ctx.stdout.write(`${LOAD_HELP}\n`);
    return EXIT_CODES.ok;
  }
  const endpoint = await endpointFor(args, ctx);
  const where = `${endpoint.kind ? SERVER_KIND_LABELS[endpoint.kind] : 'the server'} (${hostOf(endpoint.url)})`;
  const cleanups: Promise<void>[] = [];
  const deps: ModelControlDeps = {
    findLms: () => findLms({ env: ctx.env, home: ctx.env.HOME || homedir(), platform: process.platform }),
    env: ctx.env,
    cancelWatchMs: CLI_CANCEL_WATCH_MS,
    tickMs: 1_000,
    track: (work) => cleanups.push(work),
  };
  const progress = progressPrinter(ctx, args, where);
  const target = { endpoint, model: args.model };
  try {
    const done =
      action === 'load'
        ? await loadModel(target, { signal: ctx.signal, onStep: progress.step, ...(args.contextLength ? { contextLength: args.contextLength } : {}) }, deps)
        : await unloadModel(target, { signal: ctx.signal, onStep: progress.step }, deps);
    progress.end();
    if (!args.json) ctx.stdout.write(`${inertLine(outcome(args, done, where))}\n`);
    return EXIT_CODES.ok;
  } catch (e) {
    progress.end();
    await Promise.all(cleanups);
    throw e;
  }
}

function outcome(args: LoadArgs, step: LoadStep, where: string): string {
  if (args.action === 'unload') return step.elapsedMs === 0 ? `${args.model} is not loaded on ${where}.` : `Unloaded ${args.model} on ${where}.`;
  const context = step.contextLength ? ` with ${step.contextLength.toLocaleString('en-US')} tokens of context` : '';
  if (step.elapsedMs === 0) return `${args.model} is loaded on ${where}${context} already.`;
  return `Loaded ${args.model} on ${where}${context} in ${(step.elapsedMs / 1000).toFixed(1)} s${step.via ? ` (${LOAD_VIA_LABELS[step.via]})` : ''}.`;
}

/**
 * Steps as a person follows them: on a terminal, one stderr line redrawn in
 * place; otherwise a line each time the phase or the whole ten percent
 * changes. With --json, every step as a JSON line on stdout.
 */
function progressPrinter(ctx: CliContext, args: LoadArgs, where: string): { step: (s: LoadStep) => void; end: () => void } {
  const tty = ctx.stderr.isTTY === true;
  let drawn = false;
  let lastKey = '';
  const label = `${args.model} on ${where}`;
  return {
    step(s) {
      if (args.json) {
        ctx.stdout.write(`${JSON.stringify({ model: args.model, server: where, ...s })}\n`);
        return;
      }
      if (s.phase === 'loaded' || s.phase === 'unloaded' || s.phase === 'cancelled' || s.phase === 'failed') return;
      // The model's name comes from a server or the command line: never a control sequence.
      const line = inertLine(`${label}: ${loadStepText(s)}`);
      if (tty) {
        ctx.stderr.write(`\r\x1b[K${line}`);
        drawn = true;
        return;
      }
      const key = `${s.phase}:${s.fraction === undefined ? '' : Math.floor(s.fraction * 10)}`;
      if (key === lastKey) return;
      lastKey = key;
      ctx.stderr.write(`${line}\n`);
    },
    end() {
      if (drawn) ctx.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}
