/**
 * The Electron main process entry: starts the shell with the engine from
 * composeEngine.ts (the composition root the lead fills in at integration).
 */
import { composeEngine } from './composeEngine';
import { failStartup, startElectronApp } from './shell/electronApp';

startElectronApp(composeEngine).catch(failStartup);
