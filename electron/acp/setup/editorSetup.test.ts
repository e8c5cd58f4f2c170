import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PunieError } from '../../core/errors';
import { setupEditor } from './editorSetup';

let home: string;
const launch = { command: '/usr/bin/node', args: ['/opt/punie/bin/punie.js', 'acp'] };
const place = () => ({ platform: 'linux' as const, home, env: {} });
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'punie-setup-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe('setting up an editor on disk', () => {
  it('creates the file and its folder when there is none; prints only with write off', async () => {
    const printed = await setupEditor('jetbrains', launch, place(), { write: false });
    expect(printed).toMatchObject({ change: 'create', written: false, path: join(home, '.jetbrains', 'acp.json') });
    await expect(readdir(home)).resolves.toEqual([]);
    const written = await setupEditor('jetbrains', launch, place(), { write: true });
    expect(written).toMatchObject({ change: 'create', written: true });
    expect(written.backup).toBeUndefined();
    expect(JSON.parse(await readFile(written.path, 'utf8'))).toEqual({ agent_servers: { Punie: { command: '/usr/bin/node', args: launch.args, env: {} } } });
  });

  it('merges into Zed’s settings, keeping comments, with a backup of the old file; a second run changes nothing', async () => {
    const dir = join(home, '.config', 'zed');
    await mkdir(dir, { recursive: true });
    const before = '// my settings\n{\n  "theme": "Ayu", // dark\n}\n';
    await writeFile(join(dir, 'settings.json'), before);
    const report = await setupEditor('zed', launch, place(), { write: true });
    expect(report).toMatchObject({ change: 'add', written: true, backup: join(dir, 'settings.json.punie-backup') });
    expect(await readFile(report.backup!, 'utf8')).toBe(before);
    const after = await readFile(join(dir, 'settings.json'), 'utf8');
    expect(after.startsWith('// my settings\n{\n  "theme": "Ayu", // dark\n  "agent_servers": {')).toBe(true);
    expect(await setupEditor('zed', launch, place(), { write: true })).toMatchObject({ change: 'unchanged', written: false });
  });

  it('refuses a file it cannot parse and leaves it untouched, with the snippet to paste', async () => {
    const dir = join(home, '.jetbrains');
    await mkdir(dir);
    await writeFile(join(dir, 'acp.json'), '{ "agent_servers": { oops } }');
    const error = (await setupEditor('jetbrains', launch, place(), { write: true }).then(
      () => undefined,
      (e: unknown) => e,
    )) as PunieError;
    expect(error).toBeInstanceOf(PunieError);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(`${join(dir, 'acp.json')} (the JetBrains IDEs configuration) could not be parsed (line 1, column 22: expected a "quoted" key or }), so it was left unchanged.`);
    expect(error.hint).toContain('"Punie": {');
    expect(await readFile(join(dir, 'acp.json'), 'utf8')).toBe('{ "agent_servers": { oops } }');
    expect(await readdir(dir)).toEqual(['acp.json']);
  });
});
