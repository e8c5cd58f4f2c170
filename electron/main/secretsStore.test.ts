import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../core/log';
import { createTestEncryptor } from '../../test/support/main/shellPorts';
import { createSecretsStore, SECRETS_FILE_NAME, type SecretsStoreOptions } from './secretsStore';

const signal = new AbortController().signal;
const KEY = 'sk-test-abcdefghijklmnop';
let dir: string;
let logged: string[];
const log: Logger = {
  error: (m, f) => void logged.push(m + JSON.stringify(f ?? {})),
  warn: (m, f) => void logged.push(m + JSON.stringify(f ?? {})),
  info: (m, f) => void logged.push(m + JSON.stringify(f ?? {})),
  debug: (m, f) => void logged.push(m + JSON.stringify(f ?? {})),
  child: () => log,
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-secrets-'));
  logged = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function open(overrides: Partial<SecretsStoreOptions> = {}) {
  return createSecretsStore({ path: join(dir, SECRETS_FILE_NAME), encryptor: createTestEncryptor(), env: {}, platform: 'darwin', signal, log, ...overrides });
}

describe('secrets store', () => {
  it('stores a key encrypted, reports only that it is set, and gives it to the engine', async () => {
    const store = await open();
    const status = await store.set('openai', KEY, signal);
    expect(status).toEqual({
      providers: { openai: { set: true, source: 'stored' }, anthropic: { set: false, source: 'none' } },
      storage: 'secure',
    });
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(store.keySource.get('openai')).toBe(KEY);
    const onDisk = await readFile(join(dir, SECRETS_FILE_NAME), 'utf8');
    expect(onDisk).not.toContain(KEY);
    // A new store (next launch) reads it back.
    expect((await open()).keySource.get('openai')).toBe(KEY);
  });

  it('lets environment variables win over a stored key', async () => {
    const store = await open({ env: { OPENAI_API_KEY: 'sk-from-env-0000000000' } });
    await store.set('openai', KEY, signal);
    expect(store.status().providers.openai).toEqual({ set: true, source: 'env' });
    expect(store.keySource.get('openai')).toBe('sk-from-env-0000000000');
  });

  it('removes a key with null', async () => {
    const store = await open();
    await store.set('anthropic', KEY, signal);
    const status = await store.set('anthropic', null, signal);
    expect(status.providers.anthropic).toEqual({ set: false, source: 'none' });
    expect(store.keySource.get('anthropic')).toBeUndefined();
    expect((await open()).status().providers.anthropic.set).toBe(false);
  });

  it('says when Linux has no keyring (basic_text)', async () => {
    const store = await open({ platform: 'linux', encryptor: createTestEncryptor({ backend: 'basic_text' }) });
    expect(store.status()).toMatchObject({ storage: 'basic_text', storageNote: expect.stringMatching(/only obfuscated/) });
    const keyring = await open({ platform: 'linux', encryptor: createTestEncryptor({ backend: 'gnome_libsecret' }) });
    expect(keyring.status().storage).toBe('secure');
  });

  it('refuses to store a key where no secure store exists, pointing to the environment variable', async () => {
    const store = await open({ encryptor: createTestEncryptor({ available: false }) });
    expect(store.status().storage).toBe('unavailable');
    await expect(store.set('openai', KEY, signal)).rejects.toMatchObject({ code: 'unsupported', hint: expect.stringContaining('OPENAI_API_KEY') });
  });

  it('treats an undecryptable key as not usable, without logging it', async () => {
    await writeFile(join(dir, SECRETS_FILE_NAME), JSON.stringify({ version: 1, keys: { openai: Buffer.from('garbage').toString('base64') } }));
    const store = await open();
    expect(store.keySource.get('openai')).toBeUndefined();
    expect(logged.join('\n')).not.toContain('garbage');
  });

  it('ignores a corrupt secrets file', async () => {
    await writeFile(join(dir, SECRETS_FILE_NAME), '{not json');
    const store = await open();
    expect(store.status().providers.openai.set).toBe(false);
  });

  it('never logs a key', async () => {
    const store = await open();
    await store.set('openai', KEY, signal);
    store.keySource.get('openai');
    expect(logged.join('\n')).not.toContain(KEY);
  });
});
