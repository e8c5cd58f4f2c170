/**
 * The Electron main process entry: the app binary started with `--punie-cli`
 * runs the `punie` command (cliEntry.ts); otherwise it starts the shell with
 * the engine from composeEngine.ts.
 */
import { composeEngine } from './composeEngine';
import { runElectronEntry } from './shell/electronEntry';

runElectronEntry(composeEngine);
