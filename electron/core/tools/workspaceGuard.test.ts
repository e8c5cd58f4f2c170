import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PunieError } from '../errors';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createWorkspaceGuard, type WorkspaceGuard } from './workspaceGuard';

let ws: TempWorkspace;
let guard: WorkspaceGuard;

beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('src/app.ts', 'app\n');
  await mkdir(join(ws.root, '.punie-data'), { recursive: true });
  await ws.write('.punie-data/conversations.log', 'private\n');
  guard = await createWorkspaceGuard({ root: ws.root, deniedRoots: [join(ws.root, '.punie-data')], homeDir: ws.outside });
});
afterEach(() => ws.cleanup());

async function refusal(path: string): Promise<PunieError> {
  const error = await guard.resolve(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${path} to be refused`).toBeInstanceOf(PunieError);
  return error as PunieError;
}

describe('workspace guard', () => {
  it('resolves paths inside the workspace to real absolute paths', async () => {
    await expect(guard.resolve('src/app.ts')).resolves.toEqual({ abs: join(ws.root, 'src/app.ts'), rel: join('src', 'app.ts'), exists: true });
    await expect(guard.resolve('./src/../src/app.ts')).resolves.toMatchObject({ rel: join('src', 'app.ts') });
    await expect(guard.resolve('.')).resolves.toMatchObject({ abs: ws.root, rel: '.' });
    await expect(guard.resolve('')).resolves.toMatchObject({ abs: ws.root });
    await expect(guard.resolve(join(ws.root, 'src/app.ts'))).resolves.toMatchObject({ rel: join('src', 'app.ts') });
  });

  it('resolves paths that do not exist yet, below missing folders', async () => {
    await expect(guard.resolve('new/deeper/file.txt')).resolves.toEqual({
      abs: join(ws.root, 'new/deeper/file.txt'),
      rel: join('new', 'deeper', 'file.txt'),
      exists: false,
    });
  });

  it.each([
    ['a parent path', '../outside/secret.txt'],
    ['a parent path hidden in the middle', 'src/../../outside/secret.txt'],
    ['the parent folder itself', '..'],
    ['an absolute path elsewhere', '/etc/passwd'],
    ['the file system root', '/'],
    ['the home folder', '~'],
    ['a path in the home folder', '~/secret.txt'],
    ['a sibling folder sharing the name prefix', '../ws-evil/file.txt'],
  ])('refuses %s', async (_label, path) => {
    const error = await refusal(path);
    expect(error.code).toBe('outside-workspace');
    expect(error.message).toContain('outside the workspace');
  });

  it('refuses a sibling folder whose name starts with the workspace name, by absolute path', async () => {
    await mkdir(`${ws.root}-evil`);
    expect((await refusal(`${ws.root}-evil/x.txt`)).code).toBe('outside-workspace');
  });

  it('refuses a symlink to a file outside', async () => {
    await ws.link('leak.txt', join(ws.outside, 'secret.txt'));
    expect((await refusal('leak.txt')).code).toBe('outside-workspace');
  });

  it('refuses a path through a symlinked folder that leads outside, existing or not', async () => {
    await ws.link('out', ws.outside);
    expect((await refusal('out/secret.txt')).code).toBe('outside-workspace');
    expect((await refusal('out/new-file.txt')).code).toBe('outside-workspace');
    expect((await refusal('out')).code).toBe('outside-workspace');
  });

  it('refuses a dangling symlink whose target would be created outside', async () => {
    await ws.link('dangling.txt', join(ws.outside, 'created-by-write.txt'));
    expect((await refusal('dangling.txt')).code).toBe('outside-workspace');
    await ws.link('dangling-dir', join(ws.outside, 'missing-dir'));
    expect((await refusal('dangling-dir/file.txt')).code).toBe('outside-workspace');
  });

  it('refuses a relative symlink chain that climbs out', async () => {
    await ws.link('src/up', '../..');
    await ws.link('hop1', 'hop2');
    await ws.link('hop2', '../outside');
    expect((await refusal('src/up/outside/secret.txt')).code).toBe('outside-workspace');
    expect((await refusal('hop1/secret.txt')).code).toBe('outside-workspace');
  });

  it('follows a symlink that stays inside the workspace', async () => {
    await ws.link('alias.ts', 'src/app.ts');
    await ws.link('code', 'src');
    await expect(guard.resolve('alias.ts')).resolves.toMatchObject({ abs: join(ws.root, 'src/app.ts') });
    await expect(guard.resolve('code/app.ts')).resolves.toMatchObject({ abs: join(ws.root, 'src/app.ts') });
  });

  it('refuses a symlink loop without hanging', async () => {
    await ws.link('loop-a', 'loop-b');
    await ws.link('loop-b', 'loop-a');
    const error = await refusal('loop-a/file.txt');
    expect(['outside-workspace', 'invalid-tool-call']).toContain(error.code);
  });

  it('refuses the denied data folder even inside the workspace, also through a symlink', async () => {
    expect((await refusal('.punie-data/conversations.log')).code).toBe('outside-workspace');
    expect((await refusal('.punie-data')).message).toContain("Punie's own data folder");
    await ws.link('innocent', '.punie-data');
    expect((await refusal('innocent/conversations.log')).code).toBe('outside-workspace');
    expect(guard.allows(join(ws.root, '.punie-data', 'x'))).toBe(false);
    expect(guard.allows(join(ws.root, 'src', 'app.ts'))).toBe(true);
  });

  it('refuses paths with NUL bytes', async () => {
    expect((await refusal('src/app.ts\0.png')).code).toBe('invalid-tool-call');
  });

  it('works when the workspace itself is reached through a symlink', async () => {
    const linked = join(ws.base, 'ws-link');
    const { symlink } = await import('node:fs/promises');
    await symlink(ws.root, linked);
    const viaLink = await createWorkspaceGuard({ root: linked, homeDir: ws.outside });
    expect(viaLink.root).toBe(ws.root);
    await expect(viaLink.resolve(join(linked, 'src/app.ts'))).resolves.toMatchObject({ abs: join(ws.root, 'src/app.ts') });
    await expect(viaLink.resolve(join(linked, '../outside/secret.txt'))).rejects.toMatchObject({ code: 'outside-workspace' });
  });

  it('rejects a workspace folder that does not exist', async () => {
    await expect(createWorkspaceGuard({ root: join(ws.base, 'missing') })).rejects.toMatchObject({ code: 'not-found' });
  });
});
