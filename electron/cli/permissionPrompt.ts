import { createInterface } from 'node:readline';
import type { AgentEventOf, PermissionDecision } from '../../shared/agentEvents';
import { RULE_TOOLS, TOOL_NAMES, type RuleTool } from '../../shared/settings';
import { PunieError } from '../core/errors';
import { inert, inertLine } from './inertText';
import { createPalette, type Palette, type Style } from './terminalStyle';

/**
 * How `punie ask` answers permission requests. On a terminal it asks
 * `[y]es once / [a]lways for this run / [n]o`, showing the full arguments and
 * the diff. Without a terminal nothing can be asked, so it denies, unless
 * `--yes` approves everything or `--allow` names the tool. Everything shown
 * that a model or a file wrote is made inert (inertText.ts), so content can
 * never redraw the prompt into something else.
 */

export type PermissionRequest = AgentEventOf<'permission-request'>;
export type PermissionAnswerer = (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionDecision>;

/** Where the prompt is written (stderr, so stdout keeps only the answer). */
export interface PromptOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface PermissionPromptOptions {
  /** `--yes`: approve every request. */
  yes?: boolean;
  /** `--allow write_file,edit_file,everything`: approve these tools (or every tool of these MCP servers) without asking. */
  allow?: readonly string[];
  /** Where answers are read from; default process.stdin. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where the prompt goes; default process.stderr. */
  output?: PromptOutput;
  /** Whether a person can answer; default: the input is a terminal. */
  interactive?: boolean;
  /** Punie's colours for the diff; default: on when the output is a terminal. */
  palette?: Palette;
}

/** Unclear answers tolerated before the prompt gives up and denies. */
const MAX_ASKS = 3;


export function createPermissionAnswerer(options: PermissionPromptOptions = {}): PermissionAnswerer {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  const interactive = options.interactive ?? input.isTTY === true;
  const palette = options.palette ?? createPalette(output.isTTY === true);
  const allowed = new Set(options.allow ?? []);

  return async (request, signal) => {
    if (options.yes || allowed.has(request.tool) || (request.mcp !== undefined && allowed.has(request.mcp.server))) return 'once';
    if (signal.aborted) return 'deny';
    if (!interactive) {
      output.write(
        `punie: denied ${inertLine(request.tool)} (${inertLine(request.summary)}): there is no terminal to ask. Pass --allow ${inertLine(request.tool)} or --yes to allow it.\n`,
      );
      return 'deny';
    }
    output.write(formatPermissionRequest(request, { palette }));
    for (let ask = 1; ask <= MAX_ASKS; ask++) {
      output.write(palette.paint('bold', 'Allow? [y]es once / [a]lways for this run / [n]o: '));
      const line = await readLine(input, signal);
      if (line === undefined) {
        output.write('\n');
        return 'deny';
      }
      const decision = parseAnswer(line);
      if (decision) return decision;
      output.write('Please answer y, a or n.\n');
    }
    return 'deny';
  };
}

/** `y`/`yes` → once, `a`/`always` → for this run, `n`/`no`/empty → deny; anything else → undefined. */
export function parseAnswer(line: string): PermissionDecision | undefined {
  const answer = line.trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return 'once';
  if (answer === 'a' || answer === 'always') return 'conversation';
  if (answer === '' || answer === 'n' || answer === 'no') return 'deny';
  return undefined;
}

/** The value of `--allow`: gated tool names (and read_file, for secret locations), comma-separated. Throws `invalid-input` naming an unknown one. */
export function parseAllowList(value: string): RuleTool[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(RULE_TOOLS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new PunieError('invalid-input', `--allow does not know ${unknown.join(', ')}. It takes ${RULE_TOOLS.join(', ')} (comma-separated).`);
  }
  return [...new Set(names)] as RuleTool[];
}

/**
 * `--allow` with MCP servers and tools too: built-in names are checked here
 * (only the gated ones ask, so only they may be named); any other name is
 * an MCP server's or tool's (SERVER__TOOL), checked once the config is read.
 */
export function splitAllowList(value: string): { gated: RuleTool[]; mcp: string[] } {
  const names = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  const builtIn = (name: string) => (TOOL_NAMES as readonly string[]).includes(name);
  const gated = parseAllowList(names.filter(builtIn).join(','));
  return { gated, mcp: names.filter((n) => !builtIn(n)) };
}

/** The request as shown before the question: title, tool, full arguments, diff; all of it inert. */
export function formatPermissionRequest(request: PermissionRequest, options: { palette?: Palette } = {}): string {
  const palette = options.palette ?? createPalette(false);
  const mcp = request.mcp
    ? ` (MCP server "${inertLine(request.mcp.server)}", its tool ${inertLine(request.mcp.tool)}${request.mcp.readOnly ? ', which it says only reads' : ''})`
    : '';
  const lines = [
    '',
    palette.paint('bold', `Punie wants to: ${inertLine(request.summary)}`),
    `  tool: ${inertLine(request.tool)}${request.program ? ` (program: ${inertLine(request.program)})` : ''}${mcp}`,
    '  arguments:',
    // JSON.stringify already escapes C0 controls; inert catches C1 and the bidi overrides it leaves raw.
    ...JSON.stringify(request.args, null, 2)
      .split('\n')
      .map((l) => `    ${inert(l)}`),
  ];
  if (request.diff) {
    lines.push('  change:');
    for (const raw of request.diff.replace(/\n$/, '').split('\n')) {
      const l = inert(raw);
      const style: Style | undefined = l.startsWith('+++') || l.startsWith('---') ? 'bold' : l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : l.startsWith('@@') ? 'cyan' : undefined;
      lines.push(`    ${style ? palette.paint(style, l) : l}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One line from the input; undefined on end of input or abort. */
export function readLine(input: NodeJS.ReadableStream, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const reader = createInterface({ input, terminal: false });
    let done = false;
    const finish = (line: string | undefined) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      reader.close();
      resolve(line);
    };
    const onAbort = () => finish(undefined);
    reader.once('line', (line) => finish(line));
    reader.once('close', () => finish(undefined));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
