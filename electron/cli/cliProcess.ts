/**
 * The `punie` command as a process: log lines, signals, closed pipes, and
 * the command itself. Run by the CLI's own entry (out/cli/punie.mjs, from
 * bin/punie.js) and by the app binary started with `--punie-cli`.
 */
import { EXIT_CODES } from '../../shared/errors';
import { setLogLevel, setLogWriter } from '../core/log';
import { guardText } from './guardedOutput';
import { cliModelFactory } from './modelFactory';
import { runCli } from './runCli';

/** After Ctrl-C, how long the run gets to wind down before we exit anyway. */
const ABORT_GRACE_MS = 2_000;

/** Runs the `punie` command with `argv` (the arguments after the command's name); resolves with its exit code. */
export function runCliProcess(argv: readonly string[]): Promise<number> {
  // The CLI tells people about problems itself (errors with hints, history
  // notices); log lines below error level only with PUNIE_LOG=warn|info|debug.
  if (!process.env.PUNIE_LOG) setLogLevel('error');
  // Log lines can quote a server or a model: inert like all of the CLI's human output.
  setLogWriter((line) => process.stderr.write(`${guardText(line)}\n`));

  const controller = new AbortController();
  let interrupts = 0;
  // Ctrl-C, and a terminal closing or a supervisor's kill: the run stops and the MCP servers
  // (each in its own process group, so the terminal's signal never reaches them) are stopped
  // before the process exits; whatever is left is killed by the exit hook (core/mcp/liveGroups).
  const SIGNAL_EXIT: ReadonlyArray<[NodeJS.Signals, number]> = [
    ['SIGINT', EXIT_CODES.interrupted],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ];
  for (const [signal, exitCode] of SIGNAL_EXIT) {
    process.on(signal, () => {
      interrupts += 1;
      if (interrupts > 1) process.exit(exitCode);
      controller.abort();
      setTimeout(() => process.exit(exitCode), ABORT_GRACE_MS).unref();
    });
  }
  // `punie ask … | head`: a closed pipe is not an error worth a trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT_CODES.ok);
    });
  }

  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    now: () => Date.now(),
    startDetached: (args) => startDetached(argv, args),
    ...cliModelFactory(process.env, { warn: (line) => process.stderr.write(`punie: ${line}\n`), note: (line) => process.stderr.write(`${line}\n`) }),
  });
}

/**
 * Starts the same CLI again with `args`, detached: the process's own command
 * line up to the arguments it was given (node and bin/punie.js, or the app
 * binary, its app folder and --punie-cli), then `args`. Nothing waits for it.
 */
async function startDetached(given: readonly string[], args: readonly string[]): Promise<void> {
  const prefix = process.argv.slice(1, process.argv.length - given.length);
  await import('node:child_process').then(({ spawn }) => {
    try {
      const child = spawn(process.execPath, [...process.execArgv, ...prefix, ...args], { detached: true, stdio: 'ignore', windowsHide: true, env: process.env });
      child.on('error', () => undefined);
      child.unref();
    } catch {
      // Only a cache's rebuild: the next command does it.
    }
  });
}
