import type { ConversationMessage } from '../../../shared/conversation';
import { branchRuns, storedRuns } from '../../../shared/conversationBranches';
import { realpath } from 'node:fs/promises';
import { EXIT_CODES, exitCodeFor } from '../../../shared/errors';
import { parsePassList } from '../../core/process/childEnv';
import { isAbortError, isPunieError, PunieError } from '../../core/errors';
import { askAgent } from '../agentAsk';
import { mcpConfigPath, openCliMcp, type CliMcp } from '../cliMcp';
import { appDataFolders } from '../appDataFolders';
import { ASK_HELP, parseAskArgs, type AskOptions } from '../askArgs';
import type { CliContext } from '../cliContext';
import { historyReadFailure, openCliHistory, type CliHistory } from '../cliHistory';
import { createJsonPrinter } from '../jsonPrinter';
import { createPermissionAnswerer } from '../permissionPrompt';
import { guardOutput } from '../guardedOutput';
import { colorEnabled, createPalette } from '../terminalStyle';
import { createTextPrinter } from '../textPrinter';
import type { CliCommand } from './command';

export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'run the agent on a prompt; the answer streams to stdout',
  help: ASK_HELP,
  async run(argv, ctx) {
    const options = parseAskArgs(argv, ctx.env, ctx.cwd);
    if (options === 'help') {
      ctx.stdout.write(`${ASK_HELP}\n`);
      return EXIT_CODES.ok;
    }
    const palette = createPalette(colorEnabled(ctx.stderr, ctx.env));
    // The model's side starts now, while history and the workspace are being opened.
    ctx.prepareModel?.(options.spec, ctx.signal);
    let mcp: CliMcp | undefined;
    let history: CliHistory | undefined;
    try {
      history = await openCliHistory({ enabled: options.history, env: ctx.env, stderr: ctx.stderr });
      const continued = await conversationToContinue(options, history, ctx);
      const conversationId = continued?.id;
      // A continued conversation works in the folder it started in, whatever the current one (the agent holds to it too).
      const workspace = continued?.workspace ?? options.workspace;
      mcp = options.mcp ? await openAskMcp({ ...options, workspace }, ctx) : undefined;
      const servers = mcp;
      const { end } = await askAgent(
        {
          prompt: options.prompt,
          spec: options.spec,
          workspace,
          maxTurns: options.maxTurns,
          ...(conversationId === undefined ? {} : { conversationId }),
          ...(continued?.parentRunId === undefined ? {} : { parentRunId: continued.parentRunId }),
        },
        {
          port: history.port,
          createModel: (spec, signal) => ctx.createModel(spec, signal, Object.keys(options.sampling).length > 0 ? { overrides: options.sampling } : {}),
          print: options.json ? createJsonPrinter(ctx, { palette }) : createTextPrinter({ stdout: guardOutput(ctx.stdout), stderr: ctx.stderr }, { palette }),
          answer: createPermissionAnswerer({
            yes: options.yes,
            allow: [...options.allow, ...options.allowMcp],
            ...(ctx.stdin ? { input: ctx.stdin } : {}),
            output: ctx.stderr,
            interactive: ctx.stdin?.isTTY === true,
            palette,
          }),
          deniedRoots: appDataFolders({ env: ctx.env }),
          env: ctx.env,
          passEnv: parsePassList(ctx.env.PUNIE_PASS_ENV),
          ...(servers ? { extraTools: (signal: AbortSignal) => servers.tools(signal) } : {}),
          signal: ctx.signal,
        },
      );
      if (end.type === 'run-finish') return EXIT_CODES.ok;
      if (end.type === 'run-abort') return EXIT_CODES.interrupted;
      return exitCodeFor(end.error.code);
    } catch (e) {
      // Ctrl-C before the run began (while the history was being read).
      if (isAbortError(e) || (ctx.signal.aborted && !isPunieError(e))) {
        ctx.stderr.write('punie: stopped.\n');
        return EXIT_CODES.interrupted;
      }
      if (isPunieError(e) && e.code === 'not-found' && options.conversationId !== undefined && !e.hint) {
        throw new PunieError('not-found', e.message, { hint: 'Run `punie history` to list your conversations and their ids.' });
      }
      throw e;
    } finally {
      // Every MCP server is stopped (its process group gone) and everything recorded is written before the process exits, Ctrl-C included.
      await mcp?.close();
      await history?.close();
      history?.printNotices();
    }
  },
};

/** The MCP servers for this run (started when the run asks for its tools); `--allow` names checked against them. */
async function openAskMcp(options: AskOptions, ctx: CliContext): Promise<CliMcp> {
  const configFile = options.mcpConfig === undefined ? undefined : mcpConfigPath(options.mcpConfig, ctx.cwd, ctx.env);
  const mcp = await openCliMcp({ env: ctx.env, ...(configFile === undefined ? {} : { configFile }), workspace: options.workspace, stderr: ctx.stderr, signal: ctx.signal });
  const unknown = options.allowMcp.filter((name) => !mcp.knows(name));
  if (unknown.length > 0) {
    const servers = mcp.sources.specs.map((s) => s.name);
    throw new PunieError('invalid-input', `--allow does not know ${unknown.join(', ')}. It takes write_file, edit_file, run_command, an MCP server's name or one MCP tool (SERVER__TOOL).`, {
      hint: servers.length > 0 ? `The MCP servers: ${servers.join(', ')} (their tools: punie mcp list).` : 'No MCP server is configured (punie mcp list).',
    });
  }
  return mcp;
}

/**
 * The conversation `--continue` or `--conversation` names, if any, with the
 * folder it works in; tells the user which one goes on, and where. `--continue`
 * takes the latest conversation of this workspace, not the latest overall.
 */
async function conversationToContinue(
  options: AskOptions,
  history: CliHistory,
  ctx: CliContext,
): Promise<{ id: string; workspace?: string; parentRunId?: string | null } | undefined> {
  const store = history.store;
  if (!store || (options.conversationId === undefined && !options.continueLatest)) {
    return options.conversationId === undefined ? undefined : { id: options.conversationId };
  }
  const here = await realpath(options.workspace).catch(() => options.workspace);
  let found: { id: string; title: string; workspace?: string; messages?: ConversationMessage[]; currentRunId?: string } | undefined;
  try {
    found = options.conversationId !== undefined ? await store.get(options.conversationId, ctx.signal) : await store.latest(ctx.signal, { workspace: here });
  } catch (e) {
    throw historyReadFailure(e, store.layout.root);
  }
  history.printNotices();
  if (!found) {
    throw new PunieError('not-found', `There is no conversation in ${options.workspace} to continue yet.`, {
      hint: 'Start one without --continue: punie ask "…" (punie history lists the others; continue one with --conversation ID).',
    });
  }
  if (options.continueLatest) ctx.stderr.write(`punie: continuing "${found.title}" (${found.id})\n`);
  if (found.workspace !== undefined && found.workspace !== here) {
    ctx.stderr.write(`punie: this conversation works in ${found.workspace}, where it was started (not ${options.workspace}).\n`);
  }
  const full = options.fromPrompt === undefined ? undefined : found.messages ? found : await store.get(found.id, ctx.signal);
  const branched = options.fromPrompt === undefined || !full ? {} : { parentRunId: branchAt(found.id, full.messages ?? [], options.fromPrompt, full.currentRunId) };
  return { id: found.id, ...(found.workspace === undefined ? {} : { workspace: found.workspace }), ...branched };
}

/**
 * `--from N`: the new prompt takes the place of prompt N of the current branch
 * (as `punie history ID` numbers them): it follows the run before that one, and
 * the conversation branches there (the old branch is kept).
 */
export function branchAt(conversationId: string, messages: readonly ConversationMessage[], n: number, currentRunId?: string): string | null {
  const runs = branchRuns(storedRuns(conversationId, messages), currentRunId);
  const run = runs[n - 1];
  if (!run) {
    throw new PunieError('invalid-input', `This conversation has ${runs.length} prompt${runs.length === 1 ? '' : 's'} on its current branch, so --from ${n} names none.`, {
      hint: `See them numbered with punie history ${conversationId}.`,
    });
  }
  return run.parentRunId ?? null;
}
