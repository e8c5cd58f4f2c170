import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createToolContext } from '../tools/toolContext';
import { createToolRegistry } from '../tools/toolRegistry';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { childEnv, isWithheldName, parsePassList, resetChildEnvCache, withoutSecrets } from './childEnv';

describe('which variables are withheld', () => {
  it.each([
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_AUTH_TOKEN',
    'MY_SERVICE_APIKEY',
    'GITHUB_TOKEN',
    'HF_TOKEN',
    'CI_JOB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'AWS_SESSION_TOKEN',
    'DB_PASSWORD',
    'PGPASSWORD',
    'MYSQL_PWD_PASSWD',
    'GPG_PASSPHRASE',
    'DEPLOY_PRIVATE_KEY',
    'CLIENT_SECRET',
    'npm_config__auth',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'PUNIE_HOME',
    'PUNIE_MODEL',
    'openai_api_key',
  ])('%s', (name) => {
    expect(isWithheldName(name)).toBe(true);
  });

  it.each(['PATH', 'HOME', 'LANG', 'SHELL', 'TERM', 'SSH_AUTH_SOCK', 'TOKENIZERS_PARALLELISM', 'NODE_OPTIONS', 'OPENAI_BASE_URL', 'MONKEY'])('%s is kept', (name) => {
    expect(isWithheldName(name)).toBe(false);
  });

  it('passes the names the pass-list gives, whatever their case, and drops undefined values', () => {
    const env = { PATH: '/bin', GITHUB_TOKEN: 'ghp_x', OPENAI_API_KEY: 'sk-x', UNSET: undefined };
    expect(withoutSecrets(env)).toEqual({ PATH: '/bin' });
    expect(withoutSecrets(env, ['github_token'])).toEqual({ PATH: '/bin', GITHUB_TOKEN: 'ghp_x' });
  });

  it('reads the CLI pass-list from commas or spaces', () => {
    expect(parsePassList(' GITHUB_TOKEN, NPM_TOKEN  HF_TOKEN,,')).toEqual(['GITHUB_TOKEN', 'NPM_TOKEN', 'HF_TOKEN']);
    expect(parsePassList(undefined)).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')('the environment a real command reads', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await makeTempWorkspace();
  });
  afterEach(() => ws.cleanup());

  const base = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OPENAI_API_KEY: 'sk-openai-secret',
    ANTHROPIC_API_KEY: 'sk-ant-secret',
    GITHUB_TOKEN: 'ghp_secret',
    DB_PASSWORD: 'hunter2',
    PUNIE_HOME: '/somewhere/punie',
    LANG: 'C.UTF-8',
  };

  async function printedEnv(passEnv?: string[]): Promise<Record<string, string>> {
    const ctx = await createToolContext({ workspace: ws.root, signal: new AbortController().signal, env: base, ...(passEnv ? { passEnv } : {}) });
    const out = await createToolRegistry().execute(
      'run_command',
      { command: process.execPath, args: ['-e', 'process.stdout.write(JSON.stringify(process.env))'] },
      ctx,
    );
    const json = out.content.split('\n')[1] ?? '';
    return JSON.parse(json) as Record<string, string>;
  }

  it('has none of Punie’s secrets, but the rest of the user’s environment', async () => {
    const env = await printedEnv();
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'PUNIE_HOME']) expect(env).not.toHaveProperty(name);
    expect(JSON.stringify(env)).not.toMatch(/secret|hunter2/);
    expect(env).toMatchObject({ PATH: process.env.PATH, LANG: 'C.UTF-8' });
  });

  it('has a variable the pass-list names', async () => {
    const env = await printedEnv(['GITHUB_TOKEN']);
    expect(env.GITHUB_TOKEN).toBe('ghp_secret');
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
  });
});

describe.skipIf(process.platform === 'win32')('macOS login shell PATH', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'punie-childenv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is asked once per process, without the secrets in its own environment', async () => {
    resetChildEnvCache();
    const shell = join(dir, 'zsh');
    await writeFile(shell, `#!/bin/sh\nenv >> "${join(dir, 'seen')}"; echo x >> "${join(dir, 'calls')}"; PATH=/resolved/bin; eval "$2"\n`);
    await chmod(shell, 0o755);
    const base = { PATH: '/usr/bin', HOME: '/h', OPENAI_API_KEY: 'sk-x' };
    const first = await childEnv({ platform: 'darwin', shell, base });
    const second = await childEnv({ platform: 'darwin', shell, base });
    expect(first).toEqual({ PATH: '/resolved/bin', HOME: '/h' });
    expect(second.PATH).toBe('/resolved/bin');
    expect((await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(await readFile(join(dir, 'seen'), 'utf8')).not.toContain('sk-x');
    resetChildEnvCache();
  });

  it('is not asked outside macOS', async () => {
    expect(await childEnv({ platform: 'linux', base: { PATH: '/bin', OPENAI_API_KEY: 'sk-x' } })).toEqual({ PATH: '/bin' });
  });
});
