import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PunieError } from '../core/errors';
import { DEFAULT_MAX_TURNS, isFolder, parseMaxTurns, parseModelFlag } from './askArgs';

/** `punie acp` as an agent, or `punie acp setup EDITOR`. */
export type AcpOptions =
  | { kind: 'agent'; spec: string; workspace?: string; maxTurns: number; history: boolean; mcp: boolean; mcpConfig?: string }
  | { kind: 'setup'; editor: 'zed' | 'jetbrains'; print: boolean }
  | 'help';

export const ACP_HELP = `usage: punie acp [options]
       punie acp setup zed|jetbrains [--print]

Runs Punie as an Agent Client Protocol agent on stdin and stdout, for an
editor to start (Zed, JetBrains IDEs, any ACP client). Each editor session
is a Punie conversation: it is listed by punie history and in the app, and
can be continued from either. Nothing but protocol goes to stdout; logs go
to stderr (PUNIE_LOG).

options:
  -m, --model SPEC        the model a session starts with (default:
                          $PUNIE_MODEL, else local:); the editor's model
                          picker lists what the local servers offer
  -w, --workspace DIR     work in DIR, whatever folder the editor names
      --max-turns N       stop a prompt after N model turns (default ${DEFAULT_MAX_TURNS})
      --no-history        keep nothing: sessions are neither saved nor listed
      --mcp-config FILE   Punie's MCP servers from FILE instead of the data
                          folder's mcp.json (the servers the editor passes
                          are connected too, for their session only)
      --no-mcp            none of Punie's own MCP servers
  -h, --help              this help

setup (writes the editor's configuration to start \`punie acp\`):
  punie acp setup zed         adds "Punie" to agent_servers in Zed's settings.json
  punie acp setup jetbrains   adds "Punie" to ~/.jetbrains/acp.json
      --print             print the entry instead of writing it
  Other entries in the file are kept, the old file is backed up beside it,
  and a file that cannot be parsed is left alone.`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie acp --help` for usage.' });

export function parseAcpArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): AcpOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        workspace: { type: 'string', short: 'w' },
        'max-turns': { type: 'string' },
        'no-history': { type: 'boolean', default: false },
        'mcp-config': { type: 'string' },
        'no-mcp': { type: 'boolean', default: false },
        print: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  if (positionals[0] === 'setup') {
    const editor = positionals[1];
    if (editor !== 'zed' && editor !== 'jetbrains') throw usage(`setup needs the editor: punie acp setup zed, or punie acp setup jetbrains${editor ? ` (not "${editor}")` : ''}`);
    if (positionals.length > 2) throw usage(`unexpected "${positionals[2]}" after punie acp setup ${editor}`);
    if (
      values.model !== undefined ||
      values.workspace !== undefined ||
      values['max-turns'] !== undefined ||
      values['no-history'] ||
      values['mcp-config'] !== undefined ||
      values['no-mcp']
    ) {
      throw usage('setup takes only --print; the editor starts punie acp with its defaults');
    }
    return { kind: 'setup', editor, print: values.print };
  }
  if (positionals.length > 0) throw usage(`unexpected "${positionals[0]}": punie acp takes no prompt (the editor sends them)`);
  if (values.print) throw usage('--print goes with punie acp setup');

  const spec = parseModelFlag(values.model, env, usage).text;

  const maxTurns = parseMaxTurns(values['max-turns'], usage);

  let workspace: string | undefined;
  if (values.workspace !== undefined) {
    workspace = resolve(cwd, values.workspace);
    if (!isFolder(workspace)) throw usage(`--workspace: "${workspace}" is not a folder`);
  }
  if (values['no-mcp'] && values['mcp-config'] !== undefined) throw usage('use either --mcp-config FILE or --no-mcp, not both');
  return {
    kind: 'agent',
    spec,
    ...(workspace ? { workspace } : {}),
    maxTurns,
    history: !values['no-history'],
    mcp: !values['no-mcp'],
    ...(values['mcp-config'] === undefined ? {} : { mcpConfig: values['mcp-config'] }),
  };
}
