import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { quote } from 'shell-quote';
import { z } from 'zod';
import type { ToolMeta } from '../../../shared/agentEvents';
import { PunieError } from '../errors';
import { runCommand, type CommandResult } from './commandRunner';
import { splitCommand } from './splitCommand';
import { fsError } from './textFile';
import { ToolFailure } from './toolFailure';
import type { Tool } from './toolTypes';
import { resolveAgain } from './workspaceGuard';

const schema = z.object({
  command: z
    .string()
    .min(1)
    .max(10_000)
    .describe('The program to run, for example "npm". Or a simple command line like "npm test" (no pipes, redirections, && or variables).'),
  args: z.array(z.string().max(100_000)).max(1_000).optional().describe('The program\'s arguments, one per item, for example ["test", "--silent"].'),
  cwd: z.string().optional().describe('Folder to run in, relative to the workspace root. Default: the workspace root.'),
});

/**
 * Programs that run other programs, or whatever code they are given:
 * "allow for this conversation" for them would allow anything, so it is
 * remembered for the exact command line instead (issue 11, item 6).
 */
const WRAPPERS = new Set([
  'sh', 'bash', 'zsh', 'dash', 'fish', 'ksh', 'csh', 'tcsh', 'env', 'sudo', 'doas', 'xargs', 'nohup', 'nice', 'timeout', 'time',
  'command', 'exec', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh', 'setsid', 'busybox', 'stdbuf', 'chroot', 'unshare',
  'python', 'python2', 'python3', 'py', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'luajit', 'osascript', 'tclsh', 'wish',
  'npx', 'pnpx', 'bunx', 'uvx', 'pipx',
]);

/** A versioned interpreter's name: python3.12, node20, perl5.36, ruby3.3. */
const VERSIONED = /^(python|node|perl|ruby|php|lua)[\d.]+$/;

/** Program options that make it run a command of the caller's choosing (git -c core.pager=…, --exec-path). */
function runsGivenCommand(program: string, args: readonly string[]): boolean {
  if (program !== 'git' && program !== 'git.exe') return false;
  return args.some((a) => a === '-c' || a.startsWith('-c') || a.startsWith('--config-env') || a.startsWith('--exec-path'));
}

/** What "allow for this conversation" remembers for a command: its program, or the whole line for shells, interpreters and wrappers. */
export function permissionProgram(argv: readonly string[]): string {
  const program = argv[0] ?? '';
  const name = basename(program).toLowerCase().replace(/\.exe$/, '');
  const wholeLine = WRAPPERS.has(name) || WRAPPERS.has(`${name}.exe`) || VERSIONED.test(name) || runsGivenCommand(name, argv.slice(1));
  return wholeLine ? quote([...argv]) : program;
}

export const runCommandTool: Tool<typeof schema> = {
  name: 'run_command',
  description:
    'Run a program in the workspace, such as tests, a build or git, and get its output (stdout and stderr together) and exit code. It runs without a shell: give the program in command and its arguments in args. It is stopped after 60 seconds, together with anything it started. The user is asked for permission first.',
  schema,
  needsPermission: true,
  async prepare(args, ctx) {
    const argv = args.args && args.args.length > 0 ? [args.command, ...args.args] : splitCommand(args.command);
    const file = argv[0] ?? args.command;
    const cwd = await ctx.guard.resolve(args.cwd ?? '.');
    const info = await stat(cwd.abs).catch((cause: unknown) => {
      throw fsError(cause, args.cwd ?? '.');
    });
    if (!info.isDirectory()) throw new PunieError('invalid-tool-call', `cwd ${cwd.rel} is a file, not a folder.`);
    const line = quote(argv);
    const where = cwd.rel === '.' ? '' : ` (in ${cwd.rel})`;
    return {
      preview: { summary: `Run ${line}${where}`, program: permissionProgram(argv) },
      async run() {
        // The folder is checked again now: during the wait it may have become a link out of the workspace.
        await resolveAgain(ctx.guard, args.cwd ?? '.', cwd);
        const result = await (ctx.runCommand ?? runCommand)({
          file,
          args: argv.slice(1),
          cwd: cwd.abs,
          env: ctx.env,
          timeoutMs: ctx.limits.commandTimeoutMs,
          maxOutputChars: ctx.limits.commandOutputChars,
          signal: ctx.signal,
        });
        const meta: ToolMeta = {
          exitCode: result.exitCode,
          signal: result.signal,
          timedOut: result.timedOut,
          truncated: result.truncated,
          bytes: result.outputChars,
          ...(result.notStopped ? { notStopped: result.notStopped } : {}),
        };
        const content = describe(line, result, ctx.limits.commandTimeoutMs);
        if (result.aborted) throw new ToolFailure('aborted', 'Stopped by the user; the command was killed.', { meta, modelContent: content });
        if (result.timedOut) {
          throw new ToolFailure('tool-timeout', `${line} did not finish within ${seconds(ctx.limits.commandTimeoutMs)} and was stopped, with every process it started.`, {
            meta,
            modelContent: content,
          });
        }
        return { content, meta };
      },
    };
  },
};

function describe(line: string, result: CommandResult, timeoutMs: number): string {
  const body = result.output.trimEnd() === '' ? '(no output)' : result.output.trimEnd();
  let status: string;
  if (result.timedOut) status = `[timed out after ${seconds(timeoutMs)}: the command and everything it started were killed]`;
  else if (result.aborted) status = '[stopped by the user]';
  else if (result.exitCode !== null) status = `[exit code ${result.exitCode}]`;
  else status = `[killed by ${result.signal ?? 'a signal'}]`;
  const cut = result.truncated ? `\n[The output was ${result.outputChars} characters; only its start and end are shown.]` : '';
  const left = result.notStopped ? `\n[Not stopped: ${result.notStopped.note}]` : '';
  return `$ ${line}\n${body}\n${status}${cut}${left}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
