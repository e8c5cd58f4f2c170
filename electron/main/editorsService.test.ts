import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEditorsService } from './editorsService';

let home: string;
const signal = new AbortController().signal;
const service = () => createEditorsService({ launch: () => ({ command: '/opt/Punie/punie', args: ['--punie-cli', 'acp'] }), place: { platform: 'linux', home, env: {} } });
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'punie-editors-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe('the editors service', () => {
  it('previews both editors without writing; a file it cannot parse is a problem, not a failure', async () => {
    await mkdir(join(home, '.config', 'zed'), { recursive: true });
    await writeFile(join(home, '.config', 'zed', 'settings.json'), '{ "theme": ');
    const [zed, jetbrains] = await service().preview(signal);
    expect(zed).toMatchObject({ editor: 'zed', name: 'Zed', path: join(home, '.config', 'zed', 'settings.json'), problem: expect.stringContaining('could not be parsed') });
    expect(zed!.snippet).toContain('"type": "custom"');
    expect(jetbrains).toMatchObject({ editor: 'jetbrains', change: 'create', written: false, path: join(home, '.jetbrains', 'acp.json') });
    await expect(readFile(join(home, '.jetbrains', 'acp.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('sets an editor up with the command main chose, then reports it unchanged', async () => {
    const done = await service().setup('jetbrains', signal);
    expect(done).toMatchObject({ change: 'create', written: true });
    expect(JSON.parse(await readFile(done.path, 'utf8'))).toEqual({ agent_servers: { Punie: { command: '/opt/Punie/punie', args: ['--punie-cli', 'acp'], env: {} } } });
    expect((await service().preview(signal))[1]).toMatchObject({ change: 'unchanged' });
    await expect(service().setup('zed', signal)).resolves.toMatchObject({ change: 'create', written: true });
  });
});
