import { EXIT_CODES } from '../../../shared/errors';
import { PunieError } from '../../core/errors';
import { ACP_HELP, parseAcpArgs, type AcpOptions } from '../acpArgs';
import { parsePassList } from '../../core/process/childEnv';
import { resolveDataDir } from '../../core/store/dataDir';
import { appDataFolders } from '../appDataFolders';
import { mcpConfigPath } from '../cliMcp';
import type { CliContext } from '../cliContext';
import { openCliHistory } from '../cliHistory';
import { inputStream, outputStream } from '../stdioStreams';
import { punieVersion } from '../version';
import type { CliCommand } from './command';

export const acpCommand: CliCommand = {
  name: 'acp',
  summary: 'run as an Agent Client Protocol agent for editors (Zed, JetBrains); setup writes their config',
  help: ACP_HELP,
  async run(argv, ctx) {
    const options = parseAcpArgs(argv, ctx.env, ctx.cwd);
    if (options === 'help') {
      ctx.stdout.write(`${ACP_HELP}\n`);
      return EXIT_CODES.ok;
    }
    if (options.kind === 'setup') {
      const { runAcpSetup } = await import('../acpSetupCommand');
      return runAcpSetup(options, ctx);
    }
    return runAgent(options, ctx);
  },
};

async function runAgent(options: Extract<AcpOptions, { kind: 'agent' }>, ctx: CliContext): Promise<number> {
  if (!ctx.stdin) throw new PunieError('invalid-input', 'punie acp speaks on stdin and stdout; an editor starts it (see punie acp setup).');
  keepStdoutForProtocol();
  const configPath = options.mcp ? mcpConfigPath(options.mcpConfig, ctx.cwd, ctx.env) : undefined;
  const [{ runAcpAgent }, { probeServers, INTERACTIVE_TIMEOUTS }, { localEndpoints }, { ollamaBaseURL }] = await Promise.all([
    import('../../acp/acpAgent'),
    import('../../core/servers/probeServers'),
    import('../../core/servers/localEndpoints'),
    import('../../core/servers/ollamaHost'),
  ]);
  const history = await openCliHistory({ enabled: options.history, env: ctx.env, stderr: ctx.stderr, face: 'acp' });
  const store = history.store;
  const input = inputStream(ctx.stdin);
  // While the editor sets up and the user types, not on the first prompt's path.
  setImmediate(() => ctx.preloadModelCode?.(ctx.signal));
  try {
    await runAcpAgent(
      { input, output: outputStream(ctx.stdout), signal: ctx.signal },
      {
        version: punieVersion(),
        defaultSpec: options.spec,
        ...(options.workspace ? { workspace: options.workspace } : {}),
        maxTurns: options.maxTurns,
        port: history.port,
        history: store
          ? { get: (id, signal) => store.get(id, signal), list: (signal) => store.list({}, signal) }
          : {
              get: async () => {
                throw new PunieError('not-found', 'Sessions are not kept with --no-history.');
              },
              list: async () => [],
            },
        createModel: ctx.createModel,
        discover: (signal) => probeServers({ endpoints: localEndpoints(ctx.env), ollamaURL: ollamaBaseURL(ctx.env), signal, ...INTERACTIVE_TIMEOUTS }),
        deniedRoots: appDataFolders({ env: ctx.env }),
        env: ctx.env,
        passEnv: parsePassList(ctx.env.PUNIE_PASS_ENV),
        mcp: { ...(configPath === undefined ? {} : { configPath }), dataDir: resolveDataDir({ env: ctx.env }) },
        notice: (line) => ctx.stderr.write(`${line}\n`),
      },
    );
  } finally {
    await history.close();
    history.printNotices();
  }
  return EXIT_CODES.ok;
}

/**
 * Stdout carries the protocol and nothing else: anything a dependency
 * would print with console.log or console.info goes to stderr instead.
 */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
