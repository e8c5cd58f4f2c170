import type { CliContext, CliOutput } from '../../../electron/cli/cliContext';
import { cliModelFactory } from '../../../electron/cli/modelFactory';

/** A CliOutput that keeps what was written (for the CLI's in-process tests). */
export interface BufferOutput extends CliOutput {
  readonly text: string;
}

export function bufferOutput(isTTY = false): BufferOutput {
  let text = '';
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

/**
 * A CLI context over buffers, with the real model factory for the given
 * environment. The environment must name a PUNIE_HOME (a temp folder), so
 * no test ever reads or writes the user's real history.
 */
export function testContext(
  env: Record<string, string | undefined>,
  cwd: string,
  signal: AbortSignal = new AbortController().signal,
): { ctx: CliContext; stdout: BufferOutput; stderr: BufferOutput } {
  if (!env.PUNIE_HOME) throw new Error('testContext needs env.PUNIE_HOME (a temp folder), so tests never touch the real history');
  const stdout = bufferOutput();
  const stderr = bufferOutput();
  const ctx: CliContext = { stdout, stderr, env, cwd, signal, now: () => Date.now(), ...cliModelFactory(env) };
  return { ctx, stdout, stderr };
}
