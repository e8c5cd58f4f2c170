import { afterEach } from 'vitest';
import { startFakeServer, type FakeServer, type FakeServerOptions } from './fakeServer';

/**
 * For a test file that starts fake servers: `const start = useFakeServers()`
 * at the top level, then `await start({ profile: 'lmstudio' })` in a test.
 * Every server a test started is closed after it.
 */
export function useFakeServers(): (options: FakeServerOptions) => Promise<FakeServer> {
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options) => {
    const server = await startFakeServer(options);
    servers.push(server);
    return server;
  };
}
