import type { ErrorData } from '../../shared/errors';
import type { CliOutput } from './cliContext';
import { inert } from './inertText';

/** Prints an error as a person reads it: the message, then the hint. Never a stack trace; a server's words are made inert. */
export function printError(stderr: CliOutput, error: ErrorData, prefix = 'punie'): void {
  stderr.write(`${prefix}: ${inert(error.message)}\n`);
  if (error.hint) stderr.write(`  ${inert(error.hint)}\n`);
}
