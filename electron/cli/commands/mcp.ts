import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EXIT_CODES } from '../../../shared/errors';
import { mcpTarget } from '../../../shared/mcp';
import { PunieError } from '../../core/errors';
import { readMcpConfigFile, WORKSPACE_MCP_FILE } from '../../core/mcp/mcpConfigFile';
import { createWorkspaceApprovals } from '../../core/mcp/workspaceApprovals';
import { resolveDataDir } from '../../core/store/dataDir';
import type { CliContext } from '../cliContext';
import { mcpConfigPath, openCliMcp } from '../cliMcp';
import { inert } from '../inertText';
import { mcpListLines } from '../mcpListText';
import { terminalWidth } from '../table';
import type { CliCommand } from './command';

const HELP = `usage: punie mcp list [--json] [--mcp-config FILE] [-w DIR]
       punie mcp approve [-w DIR] [--yes]

MCP servers give the agent more tools (named SERVER__TOOL). Punie reads them
from mcp.json in its data folder, in the shape LM Studio and Claude Desktop
use: {"mcpServers": {"NAME": {"command", "args", "env", "cwd"} | {"url", "headers"}}}.
A workspace may add its own in .mcp.json; those run only once you approve
that file (a changed file asks again).

  list      starts each server, then lists it with its state and tools (or
            why it failed, with the last lines of its stderr), and stops them
  approve   shows the servers of the workspace's .mcp.json and, once you
            agree, lets them run when Punie works in that workspace

options:
      --json              list: the servers' states as JSON
      --mcp-config FILE   list: use FILE instead of the data folder's mcp.json
  -w, --workspace DIR     the workspace (default: the current folder)
  -y, --yes               approve: without asking (no terminal needed)
  -h, --help              this help

exit codes: 0 ok, 1 a server failed (list) or approval refused, 2 usage`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie mcp --help` for usage.' });

interface McpArgs {
  action: 'list' | 'approve';
  json: boolean;
  mcpConfig?: string;
  workspace: string;
  yes: boolean;
}

export function parseMcpArgs(argv: readonly string[], cwd: string): McpArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'mcp-config': { type: 'string' },
        workspace: { type: 'string', short: 'w' },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [action, ...rest] = positionals;
  if (action === undefined) throw usage('mcp needs an action: list or approve');
  if (action !== 'list' && action !== 'approve') throw usage(`mcp does not know "${action}": it takes list or approve`);
  if (rest.length > 0) throw usage(`unexpected argument "${rest[0]}"`);
  if (action === 'approve' && (values.json || values['mcp-config'] !== undefined)) throw usage('approve takes only --workspace and --yes');
  return {
    action,
    json: values.json,
    ...(values['mcp-config'] === undefined ? {} : { mcpConfig: values['mcp-config'] }),
    workspace: resolve(cwd, values.workspace ?? '.'),
    yes: values.yes,
  };
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'list the MCP servers and their tools, or approve a workspace\'s .mcp.json',
  help: HELP,
  async run(argv, ctx) {
    const args = parseMcpArgs(argv, ctx.cwd);
    if (args === 'help') {
      ctx.stdout.write(`${HELP}\n`);
      return EXIT_CODES.ok;
    }
    return args.action === 'list' ? list(args, ctx) : approve(args, ctx);
  },
};

async function list(args: McpArgs, ctx: CliContext): Promise<number> {
  const configFile = mcpConfigPath(args.mcpConfig, ctx.cwd, ctx.env);
  // A server that fails at start is reported at once rather than restarted.
  const mcp = await openCliMcp({ env: ctx.env, configFile, workspace: args.workspace, stderr: ctx.stderr, signal: ctx.signal, restart: { maxRestarts: 0 } });
  try {
    const servers = await mcp.statuses(ctx.signal);
    if (ctx.signal.aborted) return EXIT_CODES.interrupted;
    if (args.json) {
      ctx.stdout.write(`${JSON.stringify({ config: configFile, servers, problems: mcp.sources.problems }, null, 2)}\n`);
    } else if (servers.length === 0) {
      ctx.stdout.write(`No MCP servers. Add them to ${configFile} (the shape LM Studio and Claude Desktop use: {"mcpServers": {"NAME": {"command": …, "args": […]}}}).\n`);
    } else {
      const width = terminalWidth(ctx.stdout as { isTTY?: boolean; columns?: number });
      // Server names, tool names and errors come from configs and servers: shown inert.
      ctx.stdout.write(`${inert(mcpListLines(servers, width).join('\n'))}\n`);
    }
    return servers.some((s) => s.state === 'failed' || s.state === 'restarting') ? EXIT_CODES.failure : EXIT_CODES.ok;
  } finally {
    await mcp.close();
  }
}

async function approve(args: McpArgs, ctx: CliContext): Promise<number> {
  const file = await readMcpConfigFile(resolve(args.workspace, WORKSPACE_MCP_FILE), ctx.signal);
  if (!file.exists) throw new PunieError('not-found', `There is no ${WORKSPACE_MCP_FILE} in ${args.workspace}.`);
  if (file.doc.problem) throw new PunieError('invalid-input', `${file.path}: ${file.doc.problem}`);
  const approvals = createWorkspaceApprovals(resolveDataDir({ env: ctx.env }));
  if (await approvals.isApproved(args.workspace, file.text, ctx.signal)) {
    ctx.stdout.write(`Already approved: the servers of ${file.path} run when Punie works in ${args.workspace}.\n`);
    return EXIT_CODES.ok;
  }
  const lines = [`${file.path} asks to run these MCP servers when Punie works in this folder:`];
  for (const server of file.doc.servers) {
    if (server.entry === undefined) lines.push(`  ${server.name}: (cannot be used: ${server.invalid})`);
    else lines.push(`  ${server.name}: ${server.entry.url === undefined ? 'runs' : 'connects to'} ${mcpTarget(server.entry)}${server.entry.cwd ? `  (in ${server.entry.cwd})` : ''}`);
  }
  lines.push('They can run any program with your permissions. Approve only a file you trust.');
  ctx.stderr.write(`${lines.join('\n')}\n`);
  if (!args.yes) {
    if (ctx.stdin?.isTTY !== true) throw new PunieError('permission-denied', 'Not approved: there is no terminal to ask.', { hint: 'Run it in a terminal, or pass --yes.' });
    const answer = await ask(ctx, 'Approve this file? [y/N] ');
    if (answer !== 'y' && answer !== 'yes') {
      ctx.stderr.write('Not approved.\n');
      return EXIT_CODES.failure;
    }
  }
  await approvals.approve(args.workspace, file.text, ctx.signal);
  ctx.stdout.write(`Approved: the servers of ${file.path} run when Punie works in ${args.workspace} (until the file changes).\n`);
  return EXIT_CODES.ok;
}

function ask(ctx: CliContext, question: string): Promise<string> {
  return new Promise((resolvePromise) => {
    const rl = createInterface({ input: ctx.stdin!, terminal: false });
    ctx.stderr.write(question);
    const done = (line: string) => {
      rl.close();
      ctx.signal.removeEventListener('abort', onAbort);
      resolvePromise(line.trim().toLowerCase());
    };
    const onAbort = () => done('');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    rl.once('line', done);
    rl.once('close', () => done(''));
  });
}
