import { parseArgs } from 'node:util';
import { EXIT_CODES } from '../../../shared/errors';
import { ollamaBaseURL } from '../../core/servers/ollamaHost';
import { contextSourceShort } from '../../../shared/contextSource';
import { isChatModel, SERVER_KIND_LABELS, type EndpointStatus, type LocalModel, type ServersStatus } from '../../../shared/serverStatus';
import { PunieError } from '../../core/errors';
import { answers, noModelError } from '../../core/servers/localChoice';
import { localEndpoints } from '../../core/servers/localEndpoints';
import { INTERACTIVE_TIMEOUTS, probeServers } from '../../core/servers/probeServers';
import { inert } from '../inertText';
import { formatTable, terminalWidth } from '../table';
import { clipToWidth } from '../textWidth';
import { appSettingsFile } from '../appDataFolders';
import { loadAppPresets } from '../appPresets';
import { presetContextFrom } from '../presetLoad';
import type { CliCommand } from './command';

const HELP = `usage: punie models [--json]
       punie models load MODEL [--context N]    (punie models load --help)
       punie models unload MODEL

Probes every local model server (the local endpoints, and Ollama) and lists
each with its kind and state, then its models: loaded or not, the context
the model has (what it is loaded with, or what it will load with) and
where that figure comes from, its maximum, whether it is trained for tool
use, quantization. Embedding models are listed but never used for chat.
The last line says what --model local: would use.

options:
      --json     print the status value itself (JSON), as the app sees it
  -h, --help     this help

environment:
  PUNIE_LOCAL_ENDPOINTS   local servers to probe, comma-separated (default
                          http://127.0.0.1:1234/v1,http://127.0.0.1:8080/v1)

exit codes: 0 listed (also when no server answers; see punie status), 2 usage`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie models --help` for usage.' });

export function parseModelsArgs(argv: readonly string[]): { json: boolean } | 'help' {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
    return values.help ? 'help' : { json: values.json };
  } catch (e) {
    throw usage(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

const MAX_ID_WIDTH = 60;

function stateText(m: LocalModel): string {
  if (m.type === 'embeddings') return 'embeddings (not for chat)';
  if (m.loaded) return m.isDefault ? 'loaded (started with it)' : 'loaded';
  return m.note ?? 'not loaded';
}

function contextText(m: LocalModel): string {
  if (!m.contextLength) return '-';
  return m.contextSource ? `${m.contextLength} ${contextSourceShort(m.contextSource)}` : String(m.contextLength);
}

/** The models of one endpoint as an indented table; given the terminal's width, the state and then the model id are cut to fit. */
export function modelTable(models: readonly LocalModel[], maxWidth?: number): string[] {
  const columns = [{ header: 'MODEL', shrinkOrder: 2, minWidth: 16 }, { header: 'STATE', shrinkOrder: 1, minWidth: 10 }, { header: 'CONTEXT' }, { header: 'MAX' }, { header: 'TOOLS' }, { header: 'QUANT' }];
  const rows = models.map((m) => [
    clipToWidth(m.id, MAX_ID_WIDTH),
    stateText(m),
    contextText(m),
    m.maxContextLength ? String(m.maxContextLength) : '-',
    m.toolUse === undefined ? '-' : m.toolUse ? 'yes' : 'no',
    m.quantization ?? '-',
  ]);
  return formatTable(columns, rows, { indent: '  ', ...(maxWidth === undefined ? {} : { maxWidth }) });
}

function endpointHeading(e: EndpointStatus, label?: string): string {
  const name = label ?? (e.kind ? SERVER_KIND_LABELS[e.kind] : undefined);
  const head = [name, e.url].filter(Boolean).join('  ');
  if (e.state === 'online') return `${head}  online${e.version ? ` (${e.version})` : ''}`;
  return `${head}  ${e.state === 'offline' ? 'not running' : 'error'}${e.lastError ? ` — ${e.lastError.message}` : ''}`;
}

/** What the CONTEXT column's words mean, for the sources this endpoint's chat models show; one line, or none. */
export function contextLegend(e: EndpointStatus): string | undefined {
  const sources = new Set(e.models.filter(isChatModel).flatMap((m) => (m.contextSource && m.contextLength ? [m.contextSource] : [])));
  if (sources.size === 0) return undefined;
  const server = e.kind ? SERVER_KIND_LABELS[e.kind] : 'the server';
  const loadable = e.kind === 'lmstudio' || e.loadApi === 'llama-router';
  const assumed = e.models.find((m) => m.contextSource === 'assumed')?.contextLength;
  const parts: string[] = [];
  if (sources.has('loaded')) parts.push('loaded = what the model is loaded with');
  if (sources.has('load-default')) {
    parts.push(`default = what ${server} loads it with unless told${e.kind === 'lmstudio' ? ' (another: punie models load MODEL --context N)' : ''}`);
  }
  if (sources.has('preset')) parts.push(`preset = your preset for the model${loadable ? ' (Punie loads it with that)' : ''}`);
  if (sources.has('assumed')) parts.push(`assumed = ${server} reports none, so Punie assumes ${assumed ?? 'a default'} (set the model's context in its preset in the app)`);
  if (sources.has('maximum')) parts.push(`max = the model's maximum (${server} does not say what it loaded)`);
  return `  context: ${parts.join('; ')}`;
}

function endpointBlock(e: EndpointStatus, label: string | undefined, maxWidth: number | undefined): string[] {
  const lines = [endpointHeading(e, label)];
  if (e.state !== 'online') return lines;
  if (e.models.length === 0) return [...lines, '  (no models)'];
  const legend = contextLegend(e);
  return [...lines, ...modelTable(e.models, maxWidth), ...(legend ? [legend] : [])];
}

/** What `local:` would use, or why it would fail. */
function resolutionLine(status: ServersStatus): string {
  if (status.active) {
    const where = status.active.kind ? `${SERVER_KIND_LABELS[status.active.kind]} (${status.active.url})` : status.active.url;
    return `local: uses ${status.active.model} on ${where}`;
  }
  const first = status.endpoints.find(answers);
  if (!first) return 'local: finds no server — start LM Studio, mlx-lm.server or llama-server, or set PUNIE_LOCAL_ENDPOINTS';
  const error = noModelError(first);
  return `local: fails — ${error.message}${error.hint ? ` ${error.hint}` : ''}`;
}

/** Every endpoint with its models, then what `local:` uses; tables fit `maxWidth` (the terminal's) when given. */
export function modelsReport(status: ServersStatus, maxWidth?: number): string {
  const blocks = status.endpoints.map((e) => endpointBlock(e, undefined, maxWidth));
  if (status.ollama) blocks.push(endpointBlock(status.ollama, SERVER_KIND_LABELS.ollama, maxWidth));
  return [...blocks.map((b) => b.join('\n')), resolutionLine(status)].join('\n\n');
}

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'list the local servers and their models; load, reload with a context length, or unload one',
  help: HELP,
  async run(argv, ctx) {
    const sub = argv[0];
    if (sub === 'load' || sub === 'unload') return (await import('./modelsLoad')).runModelsLoad(sub, argv.slice(1), ctx);
    const options = parseModelsArgs(argv);
    if (options === 'help') {
      ctx.stdout.write(`${HELP}\n`);
      return EXIT_CODES.ok;
    }
    // The app's presets say what context some models get (mlx-lm's, an LM Studio model Punie loads).
    const { presets } = await loadAppPresets(appSettingsFile({ env: ctx.env }), ctx.signal);
    const presetContext = await presetContextFrom(presets, ctx.env);
    const status = await probeServers({
      endpoints: localEndpoints(ctx.env),
      ollamaURL: ollamaBaseURL(ctx.env),
      signal: ctx.signal,
      ...INTERACTIVE_TIMEOUTS,
      ...(presetContext ? { presetContext } : {}),
    });
    // Model names and server details come from the servers: shown inert (JSON stays exact).
    ctx.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${inert(modelsReport(status, terminalWidth(ctx.stdout)))}\n`);
    return EXIT_CODES.ok;
  },
};
