import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/ipc/routes';
import type { Logger } from '../core/log';
import { createPlainNodeMain, type PlainNodeMain } from '../../test/support/main/plainNodeMain';
import type { SenderInfo } from './senderPolicy';

/**
 * Issue 11, item 5: a compromised page uses settings.set to allow every
 * tool, add its own server, hand secrets to commands and name `/` as the
 * workspace. Widening waits for the user's answer in main's native dialog;
 * a workspace main has not been given is refused outright.
 */

const ORIGIN = 'http://127.0.0.1:5997';
const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };
const page: SenderInfo = { url: `${ORIGIN}/index.html`, topFrame: true, window: 'main' };

let dir: string;
let main: PlainNodeMain;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-settings-gate-'));
  main = await createPlainNodeMain({ dataDir: dir, trustedOrigins: [ORIGIN], log: quiet });
});
afterEach(async () => {
  await main.dispose();
  await rm(dir, { recursive: true, force: true });
});

const set = (patch: unknown): Promise<Envelope<unknown>> => main.app.handle(page, 'settings.set', patch);
const ALL_ALLOWED = { write_file: 'allow', edit_file: 'allow', run_command: 'allow' };

describe('settings.set from a window', () => {
  it('loosening permission rules waits for a native confirmation; declined, nothing changes', async () => {
    main.dialogs.confirmAnswer = false;
    const refused = await set({ permissionRules: ALL_ALLOWED });
    expect(refused).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(main.settings.get().permissionRules).toEqual({ write_file: 'ask', edit_file: 'ask', run_command: 'ask' });
    expect(main.dialogs.confirmations).toHaveLength(1);
    expect(main.dialogs.confirmations[0]?.detail).toContain('Write files without asking');
    expect(main.dialogs.confirmations[0]?.detail).toContain('Run commands without asking');

    main.dialogs.confirmAnswer = true;
    expect(await set({ permissionRules: ALL_ALLOWED })).toMatchObject({ ok: true });
    expect(main.settings.get().permissionRules).toEqual(ALL_ALLOWED);
    // Going back to asking is never questioned.
    expect(await set({ permissionRules: { write_file: 'ask', edit_file: 'ask', run_command: 'ask' } })).toMatchObject({ ok: true });
    expect(main.dialogs.confirmations).toHaveLength(2);
  });

  it('adding a server or a variable for commands is confirmed; removing or reordering is not', async () => {
    main.dialogs.confirmAnswer = false;
    const before = main.settings.get().endpoints;
    expect(await set({ endpoints: [...before, 'https://evil.example/v1'] })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(await set({ passEnv: ['GITHUB_TOKEN'] })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(main.settings.get().endpoints).toEqual(before);
    expect(main.settings.get().passEnv).toEqual([]);
    expect(main.dialogs.confirmations.map((c) => c.detail)).toEqual([expect.stringContaining('https://evil.example/v1'), expect.stringContaining('GITHUB_TOKEN')]);

    expect(await set({ endpoints: [...before].reverse() })).toMatchObject({ ok: true });
    expect(await set({ endpoints: [] })).toMatchObject({ ok: true });
    expect(main.dialogs.confirmations).toHaveLength(2);
  });

  it('refuses a workspace or a recent folder main was not given, without asking', async () => {
    for (const patch of [{ workspace: '/' }, { recentWorkspaces: ['/'] }, { workspace: '/etc', recentWorkspaces: ['/etc'] }]) {
      expect(await set(patch)).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    }
    expect(main.settings.get().workspace).toBeUndefined();
    expect(main.settings.get().recentWorkspaces).toEqual([]);
    expect(main.dialogs.confirmations).toEqual([]);

    // A folder picked in the dialog can be chosen again from the recent list, and the list can be trimmed.
    main.dialogs.folder = dir;
    await main.app.handle(page, 'workspace.pick', {});
    expect(await set({ workspace: dir })).toMatchObject({ ok: true });
    expect(await set({ recentWorkspaces: [] })).toMatchObject({ ok: true });
  });

  it('other settings apply as before', async () => {
    expect(await set({ theme: 'dark', maxTurns: 12 })).toMatchObject({ ok: true });
    expect(main.settings.get()).toMatchObject({ theme: 'dark', maxTurns: 12 });
    expect(main.dialogs.confirmations).toEqual([]);
  });
});
