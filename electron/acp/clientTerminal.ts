import { stripVTControlCharacters } from 'node:util';
import type { AgentContext } from '@agentclientprotocol/sdk';
import { PunieError } from '../core/errors';
import { QUIET_ENV, type CommandOptions, type CommandResult } from '../core/tools/commandRunner';
import { HeadTailBuffer } from '../core/tools/headTailBuffer';

/**
 * run_command in the editor's terminal, when it offers one: `terminal/create`
 * starts the program (no shell: the program and its arguments, in the
 * folder the guard resolved), the terminal is shown in the tool call while
 * it runs, and Punie waits for its exit with the same timeout as its own
 * runner; on timeout or Stop it is killed (`terminal/kill`). Its output
 * then goes to the model as it would from Punie's runner (terminal escapes
 * removed, head and tail kept), and the terminal is released. The editor
 * runs it with its own environment plus the variables that keep programs
 * from paging or prompting; Punie's environment (keys included) is not sent.
 */

export interface TerminalRunnerOptions {
  /** Called with the terminal's id as soon as it exists, to show it in the tool call before it ends. */
  onTerminal(terminalId: string): void | Promise<void>;
}

type Ending = { kind: 'exit'; exitCode: number | null; signal: string | null } | { kind: 'timeout' } | { kind: 'abort' };

export function clientCommandRunner(client: AgentContext, sessionId: string, options: TerminalRunnerOptions): (o: CommandOptions) => Promise<CommandResult> {
  return async (o) => {
    const started = performance.now();
    o.signal.throwIfAborted();
    const terminal = await client
      .createTerminal({
        sessionId,
        command: o.file,
        args: [...o.args],
        cwd: o.cwd,
        env: Object.entries(QUIET_ENV).map(([name, value]) => ({ name, value })),
        // The model sees head and tail within this; the editor keeps the end of anything longer.
        outputByteLimit: o.maxOutputChars * 4,
      })
      .catch((e: unknown) => {
        throw new PunieError('tool-failed', `The editor could not start ${o.file} in its terminal: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
    try {
      await options.onTerminal(terminal.id);
      const ending = await endingOf(terminal.waitForExit(), o.timeoutMs, o.signal);
      if (ending.kind !== 'exit') await terminal.kill().catch(() => undefined);
      const out = await terminal.currentOutput();
      const buffer = new HeadTailBuffer(o.maxOutputChars);
      buffer.push(stripVTControlCharacters(out.output));
      const status = ending.kind === 'exit' ? ending : { exitCode: out.exitStatus?.exitCode ?? null, signal: out.exitStatus?.signal ?? null };
      return {
        output: buffer.toString(),
        outputChars: buffer.totalChars,
        truncated: buffer.truncated || out.truncated,
        exitCode: status.exitCode ?? null,
        signal: (status.signal ?? null) as NodeJS.Signals | null,
        timedOut: ending.kind === 'timeout',
        aborted: ending.kind === 'abort',
        durationMs: performance.now() - started,
      };
    } finally {
      await terminal.release().catch(() => undefined);
    }
  };
}

/** The first of: the program exits, the timeout passes, the run is stopped. */
function endingOf(exit: Promise<{ exitCode?: number | null; signal?: string | null }>, timeoutMs: number, signal: AbortSignal): Promise<Ending> {
  return new Promise<Ending>((resolve, reject) => {
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    const onAbort = () => finish({ kind: 'abort' });
    signal.addEventListener('abort', onAbort, { once: true });
    function finish(ending: Ending) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ending);
    }
    if (signal.aborted) onAbort();
    exit.then(
      (e) => finish({ kind: 'exit', exitCode: e.exitCode ?? null, signal: e.signal ?? null }),
      (e: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(new PunieError('tool-failed', `The editor's terminal failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
      },
    );
  });
}
