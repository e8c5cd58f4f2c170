import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSourcePath, planImport } from './importSources';
import { docOf } from './mcpConfig';

describe('importSourcePath', () => {
  it('finds LM Studio’s mcp.json in the home folder (USERPROFILE on Windows)', () => {
    expect(importSourcePath('lmstudio', { platform: 'linux', home: '/home/ada', env: {} })).toBe('/home/ada/.lmstudio/mcp.json');
    expect(importSourcePath('lmstudio', { platform: 'darwin', home: '/Users/ada', env: {} })).toBe('/Users/ada/.lmstudio/mcp.json');
    expect(importSourcePath('lmstudio', { platform: 'win32', home: '/h', env: { USERPROFILE: '/profile' } })).toBe(join('/profile', '.lmstudio', 'mcp.json'));
  });

  it('finds Claude Desktop’s config where it keeps it on each OS', () => {
    expect(importSourcePath('claude', { platform: 'darwin', home: '/Users/ada', env: {} })).toBe('/Users/ada/Library/Application Support/Claude/claude_desktop_config.json');
    expect(importSourcePath('claude', { platform: 'win32', home: '/h', env: { APPDATA: '/roaming' } })).toBe(join('/roaming', 'Claude', 'claude_desktop_config.json'));
    expect(importSourcePath('claude', { platform: 'win32', home: '/h', env: {} })).toBe(join('/h', 'AppData', 'Roaming', 'Claude', 'claude_desktop_config.json'));
    expect(importSourcePath('claude', { platform: 'linux', home: '/home/ada', env: {} })).toBe('/home/ada/.config/Claude/claude_desktop_config.json');
    expect(importSourcePath('claude', { platform: 'linux', home: '/home/ada', env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/Claude/claude_desktop_config.json');
    // A relative XDG_CONFIG_HOME is invalid by the spec: ignored.
    expect(importSourcePath('claude', { platform: 'linux', home: '/home/ada', env: { XDG_CONFIG_HOME: 'rel' } })).toBe('/home/ada/.config/Claude/claude_desktop_config.json');
  });
});

describe('planImport', () => {
  let home: string | undefined;
  afterEach(async () => {
    if (home) await rm(home, { recursive: true, force: true });
    home = undefined;
  });

  it('says for each server whether it is new, already there, in conflict or unusable, and copies new entries as written', async () => {
    home = await mkdtemp(join(tmpdir(), 'punie-import-'));
    await mkdir(join(home, '.config', 'Claude'), { recursive: true });
    const theirs = {
      mcpServers: {
        fresh: { command: 'npx', args: ['-y', 'some-server'], alwaysAllow: ['x'] },
        same: { command: 'uvx', args: ['git-server'] },
        clash: { command: 'other' },
        broken: { args: ['no command'] },
      },
      globalShortcut: 'Ctrl+Space',
    };
    await writeFile(join(home, '.config', 'Claude', 'claude_desktop_config.json'), JSON.stringify(theirs));
    const mine = docOf({ mcpServers: { same: { command: 'uvx', args: ['git-server'], disabled: true }, clash: { command: 'mine' } } });

    const plan = await planImport('claude', mine, AbortSignal.timeout(5_000), { platform: 'linux', home, env: {} });
    expect(plan.preview.found).toBe(true);
    const outcomes = Object.fromEntries(plan.preview.servers.map((s) => [s.name, s.outcome]));
    expect(outcomes).toEqual({ fresh: 'new', same: 'same', clash: 'conflict', broken: 'invalid' });
    expect([...plan.entries.keys()]).toEqual(['fresh']);
    expect(plan.entries.get('fresh')).toEqual(theirs.mcpServers.fresh);
  });

  it('a missing file is found: false with nothing to add', async () => {
    home = await mkdtemp(join(tmpdir(), 'punie-import-'));
    const plan = await planImport('lmstudio', docOf({}), AbortSignal.timeout(5_000), { platform: 'linux', home, env: {} });
    expect(plan.preview).toMatchObject({ found: false, servers: [] });
    expect(plan.entries.size).toBe(0);
  });
});
