import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SecretProvider, SecretsStatus } from '../../shared/ipc/routes';
import { PunieError } from '../core/errors';
import { createLogger, type Logger } from '../core/log';
import type { KeySource } from '../core/models/types';
import { writeFileAtomic } from '../core/atomicFile';
import type { SecretsPort } from './services';

/**
 * API keys, encrypted with the OS's secure store (Electron's safeStorage,
 * passed in as an `Encryptor` so this file runs in plain Node) and kept as
 * base64 ciphertext in one small JSON file. Environment variables win over
 * stored keys. Nothing here ever hands a key to the renderer: `status()` says
 * only whether a key is set and where it comes from; `keySource` is for the
 * engine in the main process.
 */

/** The part of Electron's safeStorage this store uses. */
export interface Encryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which backend encrypts (`basic_text` means no keyring: obfuscation only). */
  getSelectedStorageBackend?(): string;
}

export const SECRETS_FILE_NAME = 'secrets.json';

export const SECRET_ENV_VARS: Record<SecretProvider, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

const PROVIDERS: readonly SecretProvider[] = ['openai', 'anthropic'];

const secretsFileSchema = z.object({
  version: z.literal(1),
  keys: z.object({ openai: z.string().optional(), anthropic: z.string().optional() }),
});
type SecretsFile = z.infer<typeof secretsFileSchema>;

export interface SecretsStore extends SecretsPort {
  /** Where the engine gets keys: environment first, then the stored key. */
  readonly keySource: KeySource;
}

export interface SecretsStoreOptions {
  path: string;
  encryptor: Encryptor;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  signal: AbortSignal;
  log?: Logger;
}

export async function createSecretsStore(options: SecretsStoreOptions): Promise<SecretsStore> {
  const log = options.log ?? createLogger('main:secrets');
  const { encryptor, env } = options;
  let stored: SecretsFile['keys'] = await loadKeys(options.path, options.signal, log);
  let queue: Promise<unknown> = Promise.resolve();

  const envKey = (provider: SecretProvider): string | undefined => {
    const value = env[SECRET_ENV_VARS[provider]]?.trim();
    return value ? value : undefined;
  };

  const storage = (): Pick<SecretsStatus, 'storage' | 'storageNote'> => {
    if (!encryptor.isEncryptionAvailable()) {
      return {
        storage: 'unavailable',
        storageNote:
          'This system offers no secure store for keys, so Punie cannot save them. Set OPENAI_API_KEY or ANTHROPIC_API_KEY in the environment instead.',
      };
    }
    if (options.platform === 'linux' && encryptor.getSelectedStorageBackend?.() === 'basic_text') {
      return {
        storage: 'basic_text',
        storageNote:
          'No system keyring (GNOME Keyring, KWallet) was found, so saved keys are only obfuscated on disk, not encrypted. Unlock or install a keyring, or set the keys as environment variables.',
      };
    }
    return { storage: 'secure' };
  };

  const status = (): SecretsStatus => {
    const entry = (provider: SecretProvider) => {
      if (envKey(provider) !== undefined) return { set: true, source: 'env' as const };
      if (stored[provider] !== undefined) return { set: true, source: 'stored' as const };
      return { set: false, source: 'none' as const };
    };
    return { providers: { openai: entry('openai'), anthropic: entry('anthropic') }, ...storage() };
  };

  const keySource: KeySource = {
    get(provider) {
      const fromEnv = envKey(provider);
      if (fromEnv !== undefined) return fromEnv;
      const cipher = stored[provider];
      if (cipher === undefined || !encryptor.isEncryptionAvailable()) return undefined;
      try {
        return encryptor.decryptString(Buffer.from(cipher, 'base64'));
      } catch (error) {
        // Never log the key or the ciphertext: only that it could not be read.
        log.warn('a stored key could not be decrypted; it counts as not set', { provider, error: error instanceof Error ? error.name : 'error' });
        return undefined;
      }
    },
  };

  return {
    keySource,
    status,
    set(provider, key, signal) {
      const run = queue.then(async () => {
        signal.throwIfAborted();
        const next = { ...stored };
        if (key === null) {
          delete next[provider];
        } else {
          if (!encryptor.isEncryptionAvailable()) {
            throw new PunieError('unsupported', 'This system offers no secure store, so Punie cannot save the key.', {
              hint: `Set ${SECRET_ENV_VARS[provider]} in the environment instead.`,
            });
          }
          next[provider] = encryptor.encryptString(key).toString('base64');
        }
        const file: SecretsFile = { version: 1, keys: next };
        try {
          await writeFileAtomic(options.path, JSON.stringify(file, null, 2) + '\n', signal, { createFolders: true });
        } catch (e) {
          if (signal.aborted) throw new PunieError('aborted', 'Saving the key was cancelled.');
          throw new PunieError('internal', 'Punie could not save the key to disk.', {
            hint: 'Check that the app data folder is writable and the disk is not full.',
            cause: e,
          });
        }
        stored = next;
        return status();
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

async function loadKeys(path: string, signal: AbortSignal, log: Logger): Promise<SecretsFile['keys']> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', signal });
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : 'error';
    if (code !== 'ENOENT') log.warn('the secrets file could not be read; no keys are stored', { code });
    return {};
  }
  try {
    const parsed = secretsFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return pick(parsed.data.keys);
  } catch {
    // fall through: unreadable
  }
  log.warn('the secrets file is not in the expected format; no keys are stored until a key is saved again');
  return {};
}

function pick(keys: SecretsFile['keys']): SecretsFile['keys'] {
  const out: SecretsFile['keys'] = {};
  for (const p of PROVIDERS) if (keys[p] !== undefined) out[p] = keys[p];
  return out;
}
