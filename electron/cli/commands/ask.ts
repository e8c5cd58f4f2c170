import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeFor, EXIT_CODES } from '../../../shared/errors';
import { parseModelSpec } from '../../../shared/modelSpec';
import { TOOL_NAMES, type ToolName } from '../../../shared/settings';
import { PunieError } from '../../core/errors';
import { createJsonPrinter } from '../jsonPrinter';
import { plainChat } from '../plainChat';
import { createTextPrinter } from '../textPrinter';
import type { CliCommand } from './command';

const HELP = `usage: punie ask PROMPT [options]

Asks a model and streams the answer to stdout. Timing and token counts
follow on stderr.

options:
  -m, --model SPEC      the model (default: $PUNIE_MODEL, else local:)
                        test | local: | local:<model> | local:http://host:port/v1[/<model>]
                        openai:<model> | anthropic:<model> | ollama:<model>
  -w, --workspace DIR   the folder the agent works in (default: the current folder)
      --json            print every event as one JSON line instead
      --max-turns N     stop after N model turns (default 50)
  -y, --yes             approve every tool call (reserved: tools arrive with the agent loop)
      --allow LIST      approve these tools, comma-separated (reserved, as --yes)
  -h, --help            this help

environment:
  PUNIE_MODEL             the default model spec
  PUNIE_LOCAL_ENDPOINTS   local servers to probe, comma-separated (default
                          http://127.0.0.1:1234/v1,http://127.0.0.1:8080/v1)
  OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY

exit codes: 0 ok, 1 failure, 2 usage or invalid spec, 3 server unavailable,
4 model not loaded or not found, 5 authentication, 130 interrupted`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie ask --help` for usage.' });

interface AskOptions {
  prompt: string;
  spec: string;
  workspace: string;
  json: boolean;
  maxTurns: number;
  yes: boolean;
  allow: ToolName[];
}

/** Parses and checks `punie ask` arguments; throws `invalid-input` or `invalid-spec`. */
export function parseAskArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): AskOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        workspace: { type: 'string', short: 'w' },
        json: { type: 'boolean', default: false },
        'max-turns': { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        allow: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const prompt = positionals.join(' ').trim();
  if (prompt === '') throw usage('ask needs a prompt, e.g. punie ask "What does this project do?"');

  const spec = (values.model ?? env.PUNIE_MODEL ?? '').trim() || 'local:';
  const specResult = parseModelSpec(spec);
  if (!specResult.ok) throw new PunieError('invalid-spec', specResult.error.message);

  let maxTurns = 50;
  if (values['max-turns'] !== undefined) {
    maxTurns = Number(values['max-turns']);
    if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > 500) throw usage(`--max-turns takes a whole number from 1 to 500, not "${values['max-turns']}"`);
  }
  const allow: ToolName[] = [];
  for (const name of (values.allow ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(TOOL_NAMES as readonly string[]).includes(name)) throw usage(`--allow: unknown tool "${name}" (tools: ${TOOL_NAMES.join(', ')})`);
    allow.push(name as ToolName);
  }
  const workspace = resolve(cwd, values.workspace ?? '.');
  let isDir = false;
  try {
    isDir = statSync(workspace).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw usage(`--workspace: "${workspace}" is not a folder`);
  return { prompt, spec, workspace, json: values.json, maxTurns, yes: values.yes, allow };
}

export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'ask a model; the answer streams to stdout',
  help: HELP,
  async run(argv, ctx) {
    const options = parseAskArgs(argv, ctx.env, ctx.cwd);
    if (options === 'help') {
      ctx.stdout.write(`${HELP}\n`);
      return EXIT_CODES.ok;
    }
    const print = options.json ? createJsonPrinter(ctx) : createTextPrinter(ctx);
    const end = await plainChat(
      { prompt: options.prompt, spec: options.spec, workspace: options.workspace },
      { createModel: ctx.createModel, emit: print, signal: ctx.signal, now: ctx.now },
    );
    if (end.type === 'run-finish') return EXIT_CODES.ok;
    if (end.type === 'run-abort') return EXIT_CODES.interrupted;
    return exitCodeFor(end.error.code);
  },
};
