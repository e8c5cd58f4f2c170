// Starts the fake model server from a shell, for manual checks:
//   npx tsx e2e/fake-server/cli.ts --profile lmstudio --port 1234 --script read-notes
// Ctrl-C stops it.
import { parseArgs } from 'node:util';
import { startFakeServer } from './fakeServer';
import { NAMED_SCRIPTS } from './namedScripts';
import { FAKE_PROFILES, type FakeProfile } from './script';

const usage = `usage: npx tsx e2e/fake-server/cli.ts [--profile ${FAKE_PROFILES.join('|')}] [--port N] [--host H] [--script NAME] [--api-key KEY] [--router] [--hang]
scripts:
${Object.entries(NAMED_SCRIPTS)
  .map(([name, s]) => `  ${name.padEnd(11)} ${s.description}`)
  .join('\n')}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'lmstudio' },
      port: { type: 'string', default: '1234' },
      host: { type: 'string', default: '127.0.0.1' },
      script: { type: 'string', default: 'hello' },
      'api-key': { type: 'string' },
      router: { type: 'boolean', default: false },
      hang: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!FAKE_PROFILES.includes(values.profile as FakeProfile)) fail(`unknown profile: ${values.profile}`);
const script = NAMED_SCRIPTS[values.script];
if (!script) fail(`unknown script: ${values.script}`);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad port: ${values.port}`);

const server = await startFakeServer({
  profile: values.profile as FakeProfile,
  port,
  host: values.host,
  script: script.turns,
  repeatScript: true,
  router: values.router,
  hangAll: values.hang,
  ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
});
process.stdout.write(`fake ${values.profile} server at ${server.baseURL} (script: ${values.script}); Ctrl-C stops it\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
