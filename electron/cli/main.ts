// The `punie` command (bundled to out/cli/punie.mjs, run by bin/punie.js).
import { punieVersion } from './version';

const argv = process.argv.slice(2);
// `punie --version` answers from here: the rest of the CLI (its commands' registry,
// the logger, the output guards) is loaded only by the commands that use it.
// The same words as runCli's own `--version` (the app binary's --punie-cli path).
const code =
  argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version'
    ? (process.stdout.write(`${punieVersion()}\n`), 0)
    : await (await import('./cliProcess')).runCliProcess(argv);
// Exit once the output is flushed; idle keep-alive sockets must not hold the process.
process.stdout.write('', () => process.exit(code));
