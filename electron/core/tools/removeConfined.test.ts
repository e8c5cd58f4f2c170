import { existsSync } from 'node:fs';
import { readFile, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createWorkspaceGuard } from './workspaceGuard';
import { removeConfined } from './confinedFs';

/** Undo removes the files a run created; the removal never goes through a link. */

let ws: TempWorkspace;
const signal = new AbortController().signal;
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('sub/made.txt', 'made by a run\n');
});
afterEach(() => ws.cleanup());

describe('removeConfined', () => {
  it('removes a file inside the workspace; a missing one is nothing to do', async () => {
    const guard = await createWorkspaceGuard({ root: ws.root });
    await removeConfined(guard, join(ws.root, 'sub/made.txt'), 'sub/made.txt', signal);
    expect(existsSync(join(ws.root, 'sub/made.txt'))).toBe(false);
    await removeConfined(guard, join(ws.root, 'sub/made.txt'), 'sub/made.txt', signal);
    await removeConfined(guard, join(ws.root, 'gone/made.txt'), 'gone/made.txt', signal);
  });

  it('attack: a folder on the path swapped for a link out of the workspace is refused; the outside file stays', async () => {
    const guard = await createWorkspaceGuard({ root: ws.root });
    await ws.write('../outside/made.txt', 'precious\n');
    await rename(join(ws.root, 'sub'), join(ws.base, 'old-sub'));
    await symlink(ws.outside, join(ws.root, 'sub'));
    await expect(removeConfined(guard, join(ws.root, 'sub/made.txt'), 'sub/made.txt', signal)).rejects.toMatchObject({ code: 'outside-workspace' });
    expect(await readFile(join(ws.outside, 'made.txt'), 'utf8')).toBe('precious\n');
  });

  it('a file that became a link is removed as a link; its target is untouched', async () => {
    const guard = await createWorkspaceGuard({ root: ws.root });
    await ws.link('sub/link.txt', join(ws.outside, 'secret.txt'));
    await removeConfined(guard, join(ws.root, 'sub/link.txt'), 'sub/link.txt', signal);
    expect(existsSync(join(ws.root, 'sub/link.txt'))).toBe(false);
    expect(await readFile(join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
  });

  it('refuses a path outside the workspace outright', async () => {
    const guard = await createWorkspaceGuard({ root: ws.root });
    await expect(removeConfined(guard, join(ws.outside, 'secret.txt'), '../outside/secret.txt', signal)).rejects.toMatchObject({ code: 'outside-workspace' });
    expect(existsSync(join(ws.outside, 'secret.txt'))).toBe(true);
  });
});
