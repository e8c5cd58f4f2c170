import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A stand-in for LM Studio's `lms` command, written as an executable Node
 * script into a folder a test owns. It behaves as the real one does where
 * Punie relies on it (lmstudio-ai/lms: src/subcommands/load.ts, Spinner.ts):
 * `load KEY` redraws `\rLoading KEY N% ⠋` on stdout as it goes, then prints
 * `use the identifier "KEY"`; SIGINT stops the load ("Load cancelled.",
 * exit 1); `unload KEY` prints `Model KEY unloaded.`. Every call (its
 * arguments, and a SIGINT) is recorded for the test to read.
 */
export interface FakeLmsBehaviour {
  /** Progress steps a load reports (each a percentage). Default [0, 25, 50, 75, 100]. */
  steps?: number[];
  /** Time between steps. Default 40 ms. */
  stepMs?: number;
  /** Exit code of every call, with `message` on stderr. Default 0. */
  exitCode?: number;
  message?: string;
  /** The identifier a load says it loaded (default: the key asked for). */
  identifier?: string;
}

export interface FakeLms {
  /** The program's absolute path. */
  file: string;
  /** The folder it is in (put it on a PATH, or use it as ~/.lmstudio/bin). */
  dir: string;
  /** Each call's arguments, and `['SIGINT']` where a call was interrupted, in order. */
  calls(): Promise<string[][]>;
  /** The names of the environment variables the last call was started with. */
  envNames(): Promise<string[]>;
}

export async function createFakeLms(dir: string, behaviour: FakeLmsBehaviour = {}): Promise<FakeLms> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, process.platform === 'win32' ? 'lms.exe' : 'lms');
  const record = join(dir, 'calls.jsonl');
  const config = JSON.stringify({ record, steps: behaviour.steps ?? [0, 25, 50, 75, 100], stepMs: behaviour.stepMs ?? 40, exitCode: behaviour.exitCode ?? 0, message: behaviour.message ?? '', identifier: behaviour.identifier ?? null });
  const script = `#!${process.execPath}
const fs = require('node:fs');
const c = ${config};
const args = process.argv.slice(2);
fs.appendFileSync(c.record, JSON.stringify(args) + '\\n');
fs.writeFileSync(c.record + '.env', JSON.stringify(Object.keys(process.env)));
process.on('SIGINT', () => {
  fs.appendFileSync(c.record, JSON.stringify(['SIGINT']) + '\\n');
  process.stdout.write('\\r\\x1b[K');
  process.stderr.write('Load cancelled.\\n');
  process.exit(1);
});
if (c.exitCode !== 0) {
  process.stderr.write(c.message + '\\n');
  process.exit(c.exitCode);
}
const [command, key] = args;
if (command === 'unload') {
  process.stdout.write('Model ' + key + ' unloaded.\\n');
  process.exit(0);
}
if (command !== 'load') process.exit(2);
let i = 0;
const frames = ['⠋', '⠙', '⠹'];
const tick = () => {
  if (i < c.steps.length) {
    process.stdout.write('\\x1b[?25l\\rLoading ' + key + ' ' + c.steps[i] + '% ' + frames[i % frames.length]);
    i++;
    setTimeout(tick, c.stepMs);
    return;
  }
  process.stdout.write('\\r\\x1b[K\\x1b[?25h');
  process.stdout.write('Model loaded successfully in 1.20s.\\n(4.68 GiB)\\nTo use the model in the API/SDK, use the identifier "' + (c.identifier ?? key) + '".\\n');
  process.exit(0);
};
tick();
`;
  await writeFile(file, script);
  await chmod(file, 0o755);
  return {
    file,
    dir,
    async calls() {
      const text = await readFile(record, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]);
    },
    async envNames() {
      return JSON.parse(await readFile(`${record}.env`, 'utf8')) as string[];
    },
  };
}
