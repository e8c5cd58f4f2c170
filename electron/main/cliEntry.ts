import { CLI_MARKER } from './acpLaunch';

/**
 * The app binary as the `punie` command. Started with `--punie-cli` (the
 * installed `punie` launcher and editors' `punie acp` entries pass it), the
 * app runs the CLI with the arguments after the marker and exits with its
 * code: no window, no tray, no single-instance lock (so it never hands
 * itself to, or quits because of, a running app), no menu. This works with
 * the RunAsNode fuse off. In development (`electron <app folder>
 * --punie-cli …`) the folder comes before the marker and is skipped too.
 */

/** The CLI's arguments when the app was started as the CLI, else undefined. */
export function cliArgsFrom(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf(CLI_MARKER);
  return at === -1 ? undefined : argv.slice(at + 1);
}

export interface AppEntryPorts {
  argv: readonly string[];
  /** Electron's `app` (only what this needs). */
  app: { exit(code: number): void; dock?: { hide(): void } | undefined };
  /** Runs the CLI (loaded only when needed: the windowed app never pays for it). */
  runCli: (args: readonly string[]) => Promise<number>;
  /** Starts the windowed app. */
  startApp: () => void;
  /** Calls back once stdout has flushed what the CLI wrote. */
  flushStdout: (done: () => void) => void;
}

/** Either runs the CLI and exits with its code, or starts the app; says which. */
export function enterApp(ports: AppEntryPorts): { mode: 'cli'; done: Promise<void> } | { mode: 'app' } {
  const args = cliArgsFrom(ports.argv);
  if (args === undefined) {
    ports.startApp();
    return { mode: 'app' };
  }
  // macOS shows a Dock icon for any app started; a command has none.
  ports.app.dock?.hide();
  const done = ports.runCli(args).then(
    (code) => new Promise<void>((resolve) => ports.flushStdout(() => (ports.app.exit(code), resolve()))),
    (error: unknown) =>
      new Promise<void>((resolve) => {
        process.stderr.write(`punie: ${error instanceof Error ? error.message : String(error)}\n`);
        ports.flushStdout(() => (ports.app.exit(1), resolve()));
      }),
  );
  return { mode: 'cli', done };
}
