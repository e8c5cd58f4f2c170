import type { ErrorData } from '../../shared/errors';
import type { CliOutput } from './cliContext';

/** Prints an error as a person reads it: the message, then the hint. Never a stack trace. */
export function printError(stderr: CliOutput, error: ErrorData, prefix = 'punie'): void {
  stderr.write(`${prefix}: ${error.message}\n`);
  if (error.hint) stderr.write(`  ${error.hint}\n`);
}
