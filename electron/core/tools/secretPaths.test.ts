import { describe, expect, it } from 'vitest';
import { isSecretPath } from './secretPaths';

describe('isSecretPath', () => {
  it('knows the well-known places of keys and credentials', () => {
    for (const path of [
      '.ssh/id_rsa',
      '/home/u/.ssh/config',
      '.gnupg/private-keys-v1.d/x',
      '.aws/credentials',
      '.config/gh/hosts.yml',
      '.netrc',
      '.env',
      'app/.env.local',
      'certs/server.pem',
      'tls/server.key',
      'Library/Keychains/login.keychain-db',
      'C:\\Users\\u\\.ssh\\id_ed25519',
      '.docker/config.json',
      '.git-credentials',
    ]) {
      expect(isSecretPath(path), path).toBe(true);
    }
  });

  it('leaves ordinary files alone, including names that only look alike', () => {
    for (const path of ['src/app.ts', '.envrc.example/readme', 'env.ts', 'docs/ssh.md', '.config/nvim/init.lua', 'keys.ts', 'config.json', '.ssh', 'src/.key', 'monkey.keyboard', 'README.md']) {
      expect(isSecretPath(path), path).toBe(false);
    }
  });
});
