import { parse } from 'shell-quote';
import { PunieError } from '../errors';

/**
 * Splits a command string into a program and its arguments with shell-like
 * quoting, for running without a shell. Anything that only a shell would
 * understand (pipes, redirections, `&&`, `;`, variables, substitutions,
 * comments) is refused with a message telling the model what to do instead,
 * rather than silently passed on as text. Globs stay literal (nothing
 * expands them), which is what tools like `grep --include=*.ts` expect.
 */
export function splitCommand(command: string): string[] {
  const argv: string[] = [];
  const entries = parse(command, (name) => ({ variable: name }));
  for (const entry of entries) {
    if (typeof entry === 'string') {
      argv.push(entry);
    } else if ('variable' in entry) {
      throw refuse(`uses a shell variable ($${entry.variable || '(…)'}), and no shell expands it`);
    } else if ('comment' in entry) {
      throw refuse('contains "#", which only a shell understands');
    } else if (entry.op === 'glob') {
      argv.push(entry.pattern);
    } else {
      throw refuse(`uses the shell operator "${entry.op}"`);
    }
  }
  if (argv.length === 0) throw new PunieError('invalid-tool-call', 'The command is empty. Give the program to run, for example "npm" with args ["test"].');
  const first = argv[0] ?? '';
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) {
    throw refuse(`starts with a variable assignment (${first}); to set a variable, use command "env" with args ["${first}", …the program and its arguments]`);
  }
  return argv;
}

function refuse(why: string): PunieError {
  return new PunieError(
    'invalid-tool-call',
    `run_command runs one program without a shell, and this command ${why}. Run each program separately, passing its arguments in "args", or run the shell explicitly (command "sh", args ["-c", "…"]) so the user can see it.`,
  );
}
