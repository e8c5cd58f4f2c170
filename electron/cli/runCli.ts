import { EXIT_CODES, exitCodeFor } from '../../shared/errors';
import { isPunieError } from '../core/errors';
import { createLogger } from '../core/log';
import type { CliContext } from './cliContext';
import { COMMANDS, findCommand } from './commands/registry';
import { printError } from './errorOutput';
import { guardOutput } from './guardedOutput';
import { punieVersion } from './version';

const log = createLogger('cli');

export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `usage: punie <command> [options]

Punie, a coding agent for local models, on the command line.

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

  punie help <command>     help for one command (or: punie <command> --help)
  punie version            the version (or: punie --version)`;
}

/** Runs `punie` with its arguments; returns the exit code. Never throws, never prints a stack trace. */
export async function runCli(argv: readonly string[], given: CliContext): Promise<number> {
  // stderr is only ever for people (never NDJSON): nothing written there can drive the terminal.
  const ctx: CliContext = { ...given, stderr: guardOutput(given.stderr) };
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    ctx.stdout.write(`${topHelp()}\n`);
    return first === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  // `help` and `version` as words too: `npx punie --help` is taken by npx itself.
  if (first === '--version' || first === '-v' || first === 'version') {
    ctx.stdout.write(`${punieVersion()}\n`);
    return EXIT_CODES.ok;
  }
  if (first === 'help') {
    const target = rest[0] === undefined ? undefined : findCommand(rest[0]);
    ctx.stdout.write(`${target ? (await target.load()).help : topHelp()}\n`);
    return rest[0] === undefined || target ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  const entry = findCommand(first);
  if (!entry) {
    ctx.stderr.write(`punie: unknown command "${first}". Run \`punie --help\` for the list.\n`);
    return EXIT_CODES.usage;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, ctx);
  } catch (e) {
    if (isPunieError(e)) {
      printError(ctx.stderr, e.toData());
      return exitCodeFor(e.code);
    }
    log.debug('unexpected failure', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    ctx.stderr.write(`punie: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n  Run with PUNIE_LOG=debug for details.\n`);
    return EXIT_CODES.failure;
  }
}
