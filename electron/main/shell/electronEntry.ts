import { app } from 'electron';
import { enterApp } from '../cliEntry';
import type { ComposeEngine } from '../composeEngine';
import { failStartup, startElectronApp } from './electronApp';

/**
 * The app binary's start: `--punie-cli …` runs the `punie` command and
 * exits (cliEntry.ts decides); anything else starts the windowed app.
 */
export function runElectronEntry(composeEngine: ComposeEngine): void {
  enterApp({
    argv: process.argv,
    app,
    runCli: async (args) => (await import('../../cli/cliProcess')).runCliProcess(args),
    startApp: () => void startElectronApp(composeEngine).catch(failStartup),
    flushStdout: (done) => process.stdout.write('', done),
  });
}
