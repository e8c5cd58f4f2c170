import type { CliContext } from '../cliContext';

/**
 * One `punie` command. To add one, write `commands/<name>.ts` exporting a
 * CliCommand and list it in `commands/registry.ts`; `punie --help`,
 * `punie help <name>` and `punie <name> --help` pick it up.
 */
export interface CliCommand {
  readonly name: string;
  /** One line for `punie --help`. */
  readonly summary: string;
  /** The full text of `punie <name> --help`. */
  readonly help: string;
  /**
   * Runs with the arguments after the command name; returns the exit code.
   * Throws PunieError for failures (`invalid-input` for usage errors → exit 2).
   */
  run(argv: readonly string[], ctx: CliContext): Promise<number>;
}
