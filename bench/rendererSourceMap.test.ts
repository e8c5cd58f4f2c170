import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSourceMapper } from './rendererSourceMap';

describe('source mapper', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'punie-renderer-map-'));
    await mkdir(join(root, 'out', 'assets'), { recursive: true });
    // Generated line 1 ← src/app.ts line 1, generated line 2 ← line 3.
    const map = { version: 3, file: 'app.js', sources: ['../../src/app.ts'], names: [], mappings: 'AAAA;AAEA' };
    await writeFile(join(root, 'out', 'assets', 'app.js.map'), JSON.stringify(map));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('maps a served script position to its source file, relative to the repository', () => {
    const map = createSourceMapper(join(root, 'out'), root);
    expect(map('http://127.0.0.1:4000/assets/app.js', 1, 0)).toEqual({ file: join('src', 'app.ts'), line: 3 });
    expect(map('http://127.0.0.1:4000/assets/app.js', 0, 0)).toEqual({ file: join('src', 'app.ts'), line: 1 });
  });

  it('leaves positions it has no map for', () => {
    const map = createSourceMapper(join(root, 'out'), root);
    expect(map('http://127.0.0.1:4000/assets/other.js', 0, 0)).toBeUndefined();
    expect(map('', 0, 0)).toBeUndefined();
    expect(map('http://127.0.0.1:4000/index.html', 0, 0)).toBeUndefined();
  });
});
