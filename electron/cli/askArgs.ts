import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { modelPresetSchema, type ModelPreset } from '../../shared/modelPreset';
import type { ParsedModelSpec } from '../../shared/modelSpec';
import { checkedModelSpec } from '../core/models/checkedSpec';
import type { RuleTool } from '../../shared/settings';
import { PunieError } from '../core/errors';
import { splitAllowList } from './permissionPrompt';

/** Everything `punie ask` was told, checked. */
export interface AskOptions {
  prompt: string;
  /** The model spec as the user wrote it (or $PUNIE_MODEL, or `local:`), parsed here once. */
  spec: ParsedModelSpec;
  /** Absolute path of an existing folder. */
  workspace: string;
  json: boolean;
  maxTurns: number;
  /** `--yes`: approve every tool call. */
  yes: boolean;
  /** `--allow`: gated tools approved without asking. */
  allow: RuleTool[];
  /** `--allow`'s other names: MCP servers (all their tools) or tools (SERVER__TOOL), checked against the config later. */
  allowMcp: string[];
  /** `--mcp-config FILE` as given (checked when the config is read); default the data folder's mcp.json. */
  mcpConfig?: string;
  /** False with `--no-mcp`: no MCP server is started. */
  mcp: boolean;
  /** False with `--no-history`: nothing is read from or written to the history folder. */
  history: boolean;
  /** `--continue`: the latest conversation of the workspace. */
  continueLatest: boolean;
  /** `--conversation ID`. */
  conversationId?: string;
  /** `--from N`: branch at prompt N of the conversation's current branch (the new prompt takes its place). */
  fromPrompt?: number;
  /** `--temperature`, `--top-p`, `--max-tokens`: over the model's presets. */
  sampling: ModelPreset;
}

export const DEFAULT_MAX_TURNS = 50;
const MAX_TURNS_LIMIT = 500;

export const ASK_HELP = `usage: punie ask PROMPT [options]

Runs the agent on PROMPT: the model may read, search, write and edit files
in the workspace and run commands there. The answer streams to stdout; each
tool call is traced on stderr as it happens, then one line with timing and
token counts.

options:
  -m, --model SPEC        the model (default: $PUNIE_MODEL, else local:)
                          test | local: | local:<model> | local:http://host:port/v1[/<model>]
                          openai:<model> | anthropic:<model> | ollama:<model>
  -w, --workspace DIR     the folder the agent works in (default: the current folder)
      --json              print every event as one JSON line on stdout instead
      --max-turns N       stop after N model turns (default ${DEFAULT_MAX_TURNS}, at most ${MAX_TURNS_LIMIT})

sampling (by default a local server gets the model family's recommended
settings, or your preset for the model from the app, or nothing at all):
      --temperature T     sampling temperature, 0 to 5
      --top-p P           nucleus sampling, above 0 up to 1
      --max-tokens N      longest reply, in tokens (cut to what the context leaves)

permissions (write_file, edit_file and run_command ask first, and read_file for
secret files such as .env, keys and .ssh):
  on a terminal you are asked: [y]es once / [a]lways for this run / [n]o.
  With no terminal they are denied, unless:
  -y, --yes               approve every tool call
      --allow LIST        approve these tools, comma-separated: write_file,
                          edit_file, run_command, read_file (reading .env,
                          keys, .ssh and other secret files), an MCP server's
                          name (all its tools) or one MCP tool (SERVER__TOOL)

MCP servers (tools from the servers in mcp.json, named SERVER__TOOL):
      --mcp-config FILE   use the servers of FILE instead of the data folder's mcp.json
      --no-mcp            start no MCP server
  A workspace's .mcp.json is used only once approved: punie mcp approve

history (kept in $PUNIE_HOME, else the platform's data folder):
  -c, --continue          continue the latest conversation of this workspace
      --conversation ID   continue that conversation (ids: punie history);
                          it works in the folder it was started in
      --from N            with --conversation or --continue: branch at prompt N
                          (numbered by punie history ID): the new prompt takes
                          its place; the old branch is kept
      --no-history        keep nothing: this run is neither saved nor continued
  -h, --help              this help

environment:
  PUNIE_MODEL             the default model spec
  PUNIE_HOME              where history is kept
  PUNIE_LOCAL_ENDPOINTS   local servers to probe, comma-separated (default
                          http://127.0.0.1:1234/v1,http://127.0.0.1:8080/v1)
  OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY
  PUNIE_LOG               log level: error (default), warn, info, debug

exit codes: 0 ok, 1 failure, 2 usage or invalid spec, 3 server unavailable,
4 model not loaded or not found, 5 authentication, 130 interrupted`;

export const askUsage = (message: string): PunieError => new PunieError('invalid-input', message, { hint: 'Run `punie ask --help` for usage.' });

/** Parses and checks `punie ask` arguments; throws `invalid-input` (exit 2) or `invalid-spec` (exit 2). */
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
        temperature: { type: 'string' },
        'top-p': { type: 'string' },
        'max-tokens': { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        allow: { type: 'string' },
        continue: { type: 'boolean', short: 'c', default: false },
        conversation: { type: 'string' },
        from: { type: 'string' },
        'no-history': { type: 'boolean', default: false },
        'mcp-config': { type: 'string' },
        'no-mcp': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw askUsage(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const prompt = positionals.join(' ').trim();
  if (prompt === '') throw askUsage('ask needs a prompt, e.g. punie ask "What does this project do?"');

  // An empty --model is a mistake (an unset variable in a script), not a request for the default.
  const spec = parseModelFlag(values.model, env, askUsage);

  const maxTurns = parseMaxTurns(values['max-turns'], askUsage);

  const sampling = parseSampling({ temperature: values.temperature, topP: values['top-p'], maxOutputTokens: values['max-tokens'] });

  let allow: RuleTool[] = [];
  let allowMcp: string[] = [];
  if (values.allow !== undefined) {
    try {
      ({ gated: allow, mcp: allowMcp } = splitAllowList(values.allow));
    } catch (e) {
      throw askUsage(e instanceof Error ? e.message : String(e));
    }
  }
  if (values['no-mcp'] && values['mcp-config'] !== undefined) throw askUsage('use either --mcp-config FILE or --no-mcp, not both');
  if (values['no-mcp'] && allowMcp.length > 0) throw askUsage(`--allow ${allowMcp.join(',')}: with --no-mcp no MCP server runs`);

  const conversationId = values.conversation?.trim();
  if (values.conversation !== undefined && !conversationId) throw askUsage('--conversation needs an id (see punie history)');
  if (values.continue && conversationId) throw askUsage('use either --continue or --conversation ID, not both');
  const history = !values['no-history'];
  let fromPrompt: number | undefined;
  if (values.from !== undefined) {
    fromPrompt = Number(values.from);
    if (!Number.isInteger(fromPrompt) || fromPrompt < 1) throw askUsage(`--from takes a prompt's number from 1 up (see punie history ID), not "${values.from}"`);
    if (!values.continue && !conversationId) throw askUsage('--from needs the conversation: --conversation ID or --continue');
  }
  if (!history && (values.continue || conversationId)) throw askUsage('--no-history cannot continue a conversation: nothing is read from the history');

  const workspace = resolve(cwd, values.workspace ?? '.');
  if (!isFolder(workspace)) throw askUsage(`--workspace: "${workspace}" is not a folder`);

  return {
    prompt,
    spec,
    workspace,
    json: values.json,
    maxTurns,
    yes: values.yes,
    allow,
    allowMcp,
    mcp: !values['no-mcp'],
    ...(values['mcp-config'] === undefined ? {} : { mcpConfig: values['mcp-config'] }),
    history,
    continueLatest: values.continue,
    ...(fromPrompt === undefined ? {} : { fromPrompt }),
    ...(conversationId ? { conversationId } : {}),
    sampling,
  };
}

/** `--model SPEC`, else $PUNIE_MODEL, else `local:`, checked; an empty --model is a mistake (an unset variable in a script), not a request for the default. */
export function parseModelFlag(value: string | undefined, env: Readonly<Record<string, string | undefined>>, usage: (message: string) => PunieError): ParsedModelSpec {
  if (value !== undefined && value.trim() === '') throw usage('--model needs a spec, e.g. --model local: or --model test');
  return checkedModelSpec((value ?? env.PUNIE_MODEL ?? '').trim() || 'local:');
}

/** `--max-turns N` checked (DEFAULT_MAX_TURNS when absent); `usage` words the error for the command. */
export function parseMaxTurns(value: string | undefined, usage: (message: string) => PunieError): number {
  if (value === undefined) return DEFAULT_MAX_TURNS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TURNS_LIMIT) throw usage(`--max-turns takes a whole number from 1 to ${MAX_TURNS_LIMIT}, not "${value}"`);
  return n;
}

const SAMPLING_FLAGS = { temperature: '--temperature', topP: '--top-p', maxOutputTokens: '--max-tokens' } as const;
const SAMPLING_RULES = { temperature: 'a number from 0 to 5', topP: 'a number above 0, up to 1', maxOutputTokens: 'a whole number from 1 up' } as const;

/** The sampling flags as a preset, each checked against the preset's own limits. */
function parseSampling(raw: Record<keyof typeof SAMPLING_FLAGS, string | undefined>): ModelPreset {
  const preset: ModelPreset = {};
  for (const field of Object.keys(SAMPLING_FLAGS) as (keyof typeof SAMPLING_FLAGS)[]) {
    const text = raw[field];
    if (text === undefined) continue;
    const value = text.trim() === '' ? Number.NaN : Number(text);
    const checked = modelPresetSchema.safeParse({ [field]: value });
    if (!Number.isFinite(value) || !checked.success) throw askUsage(`${SAMPLING_FLAGS[field]} takes ${SAMPLING_RULES[field]}, not "${text}"`);
    preset[field] = value;
  }
  return preset;
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
