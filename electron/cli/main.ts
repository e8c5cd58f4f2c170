// The `punie` command (bundled to out/cli/punie.mjs, run by bin/punie.js).
import { runCliProcess } from './cliProcess';

const code = await runCliProcess(process.argv.slice(2));
// Exit once the output is flushed; idle keep-alive sockets must not hold the process.
process.stdout.write('', () => process.exit(code));
