import { parseArgs } from 'node:util';
import { EXIT_CODES } from '../../../shared/errors';
import { ollamaBaseURL } from '../../core/servers/ollamaHost';
import { isChatModel, SERVER_KIND_LABELS, type EndpointStatus, type ServersStatus } from '../../../shared/serverStatus';
import { PunieError } from '../../core/errors';
import { localEndpoints } from '../../core/servers/localEndpoints';
import { nameModels } from '../../core/servers/localChoice';
import { INTERACTIVE_TIMEOUTS, probeServers } from '../../core/servers/probeServers';
import { createStatusWatcher } from '../../core/servers/statusWatcher';
import type { CliContext } from '../cliContext';
import type { CliCommand } from './command';
import { inert } from '../inertText';

const HELP = `usage: punie status [--json] [--watch [--interval SECONDS]]

Says in one line whether a local model server is ready, and what
--model local: would use:
  ready      a server answers with a chat model loaded
  no-model   a server answers but has no model loaded
  offline    no local server answers

options:
      --json            print the status value as one line of JSON
                        (the same value as punie models --json)
      --watch           keep watching: print a line each time something
                        changes (a server starts or stops, a model is loaded
                        or unloaded) until Ctrl-C, which ends it with exit 0
      --interval SEC    with --watch, seconds between checks (default 2;
                        up to 4 times longer while no server answers)
  -h, --help            this help

environment:
  PUNIE_LOCAL_ENDPOINTS   local servers to probe, comma-separated (default
                          http://127.0.0.1:1234/v1,http://127.0.0.1:8080/v1)

exit codes: 0 ready, 4 no-model, 3 offline, 2 usage; --watch exits 0 on Ctrl-C`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie status --help` for usage.' });

interface StatusOptions {
  json: boolean;
  watch: boolean;
  intervalMs: number;
}

const DEFAULT_INTERVAL_S = 2;

export function parseStatusArgs(argv: readonly string[]): StatusOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        interval: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw usage(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  if (values.help) return 'help';
  let seconds = DEFAULT_INTERVAL_S;
  if (values.interval !== undefined) {
    if (!values.watch) throw usage('--interval goes with --watch');
    seconds = Number(values.interval);
    if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) throw usage(`--interval takes seconds from 0.1 to 3600, not "${values.interval}"`);
  }
  return { json: values.json, watch: values.watch, intervalMs: Math.round(seconds * 1000) };
}

function endpointPart(e: EndpointStatus, active: ServersStatus['active']): string {
  const name = e.kind ? `${SERVER_KIND_LABELS[e.kind]} (${e.url})` : e.url;
  if (e.state === 'offline') return `${e.url} not running`;
  if (e.state === 'error') return e.lastError?.code === 'server-unavailable' ? `${e.url} not answering` : `${name}: ${e.lastError?.message ?? 'error'}`;
  if (active?.url === e.url) return `${active.model} on ${name}`;
  const chat = e.models.filter(isChatModel);
  const loaded = chat.filter((m) => m.loaded);
  if (loaded.length > 0) return `${name} has ${nameModels(loaded.map((m) => m.id))} loaded`;
  if (chat.length === 0) return `${name} has no chat models`;
  return `${name} has no model loaded (it has ${nameModels(chat.map((m) => m.id))})`;
}

/** The status in one line: the overall state, then each endpoint (and Ollama when it answers). */
export function statusLine(status: ServersStatus): string {
  const parts = status.endpoints.map((e) => endpointPart(e, status.active));
  const ollama = status.ollama;
  if (ollama?.state === 'online') {
    const count = ollama.models.filter(isChatModel).length;
    parts.push(`Ollama (${ollama.url}) has ${count} ${count === 1 ? 'model' : 'models'} (ollama:<model>)`);
  }
  return `${status.overall} — ${parts.length ? parts.join('; ') : 'no local endpoints configured'}`;
}

export function exitCodeForStatus(status: ServersStatus): number {
  return status.overall === 'ready' ? EXIT_CODES.ok : status.overall === 'no-model' ? EXIT_CODES.model : EXIT_CODES.serverUnavailable;
}

function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

async function watch(ctx: CliContext, options: StatusOptions, endpoints: readonly string[]): Promise<number> {
  const watcher = createStatusWatcher({
    endpoints,
    ollamaURL: ollamaBaseURL(ctx.env),
    visible: true,
    visibleIntervalMs: options.intervalMs,
    timeouts: INTERACTIVE_TIMEOUTS,
  });
  let lastLine: string | undefined;
  const unsubscribe = watcher.subscribe((status) => {
    if (options.json) return void ctx.stdout.write(`${JSON.stringify(status)}\n`);
    const line = inert(statusLine(status));
    if (line === lastLine) return;
    lastLine = line;
    ctx.stdout.write(`${clockTime(ctx.now())} ${line}\n`);
  });
  try {
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    unsubscribe();
    watcher.dispose();
  }
  return EXIT_CODES.ok;
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'whether a local model server is ready, in one line (--watch to follow it)',
  help: HELP,
  async run(argv, ctx) {
    const options = parseStatusArgs(argv);
    if (options === 'help') {
      ctx.stdout.write(`${HELP}\n`);
      return EXIT_CODES.ok;
    }
    const endpoints = localEndpoints(ctx.env);
    if (options.watch) return watch(ctx, options, endpoints);
    const status = await probeServers({ endpoints, ollamaURL: ollamaBaseURL(ctx.env), signal: ctx.signal, ...INTERACTIVE_TIMEOUTS });
    ctx.stdout.write(options.json ? `${JSON.stringify(status)}\n` : `${inert(statusLine(status))}\n`);
    return exitCodeForStatus(status);
  },
};
