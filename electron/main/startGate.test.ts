import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, RouteName } from '../../shared/ipc/routes';
import type { Logger } from '../core/log';
import { createPlainNodeMain, type PlainNodeMain } from '../../test/support/main/plainNodeMain';
import { createMainApp } from './mainApp';
import { createSenderCheck, type SenderInfo } from './senderPolicy';

/**
 * Issue 11, item 5: a compromised page calls the router with a workspace and
 * a model server of its own choosing. Main refuses both.
 */

const ORIGIN = 'http://127.0.0.1:5998';
const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };
const page: SenderInfo = { url: `${ORIGIN}/index.html`, topFrame: true, window: 'main' };

let dir: string;
let picked: string;
let main: PlainNodeMain;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-start-gate-'));
  picked = join(dir, 'project');
  await mkdir(picked);
  main = await createPlainNodeMain({ dataDir: dir, trustedOrigins: [ORIGIN], log: quiet });
});
afterEach(async () => {
  await main.dispose();
  await rm(dir, { recursive: true, force: true });
});

const call = (route: RouteName, input: unknown): Promise<Envelope<unknown>> => main.app.handle(page, route, input);

describe('agent.start from a window', () => {
  it.each(['/', '/etc', '/home/../root'])('refuses a forged workspace (%s) and starts nothing', async (forged) => {
    const answer = await call('agent.start', { prompt: 'read everything', modelSpec: 'test', workspace: forged });
    expect(answer).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(main.services.agent.active()).toEqual([]);
  });

  it('accepts the folder the user picked in the native dialog, and refuses a path that only looks like it', async () => {
    main.dialogs.folder = picked;
    expect(await call('workspace.pick', {})).toEqual({ ok: true, data: { path: picked } });
    expect(await call('agent.start', { prompt: 'hi', modelSpec: 'test', workspace: picked })).toMatchObject({ ok: true });
    expect(await call('agent.start', { prompt: 'hi', modelSpec: 'test', workspace: `${picked}/..` })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(await call('agent.start', { prompt: 'hi', modelSpec: 'test', workspace: join(picked, 'sub') })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
  });

  it("keeps a conversation's recorded workspace allowed for that conversation after it left the recent list", async () => {
    main.dialogs.folder = picked;
    await call('workspace.pick', {});
    const first = await call('agent.start', { prompt: 'hi', modelSpec: 'test', workspace: picked });
    if (!first.ok) throw new Error(first.error.message);
    const { conversationId } = first.data as { conversationId: string };
    await expect.poll(() => main.services.agent.active().length).toBe(0);
    // Main starts again (nothing picked this session) and its recent list no longer has the folder.
    await main.settings.update({ workspace: dir, recentWorkspaces: [dir] }, AbortSignal.timeout(5_000));
    const restarted = createMainApp(main.services, { isTrustedSender: createSenderCheck([ORIGIN]), log: quiet });
    try {
      const again = await restarted.handle(page, 'agent.start', { prompt: 'more', modelSpec: 'test', workspace: picked, conversationId });
      expect(again).toMatchObject({ ok: true });
      const elsewhere = await restarted.handle(page, 'agent.start', { prompt: 'more', modelSpec: 'test', workspace: picked });
      expect(elsewhere).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    } finally {
      restarted.dispose();
    }
  });

  it('refuses a model spec naming a server that is not one of the configured ones', async () => {
    await main.settings.update({ endpoints: ['http://127.0.0.1:1234/v1'] }, AbortSignal.timeout(5_000));
    const evil = await call('agent.start', { prompt: 'hi', modelSpec: 'local:http://evil.example:8080/v1/m' });
    expect(evil).toMatchObject({ ok: false, error: { code: 'permission-denied', hint: expect.stringContaining('Local servers') } });
    expect(main.services.agent.active()).toEqual([]);
    const known = await call('agent.start', { prompt: 'hi', modelSpec: 'local:http://127.0.0.1:1234/v1/m' });
    // Past main's gate: the run starts (and ends on its own: nothing answers there).
    expect(known).toMatchObject({ ok: true });
    await expect.poll(() => main.services.agent.active()).toEqual([]);
  });

  it('parses the spec once at the gate: an invalid one is invalid-spec and starts nothing', async () => {
    const bad = await call('agent.start', { prompt: 'hi', modelSpec: 'local:ftp://x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-spec', message: expect.stringContaining('Valid forms') } });
    expect(main.services.agent.active()).toEqual([]);
  });
});
