import { readFileSync } from 'node:fs';

/**
 * Punie's version from package.json: the nearest one named `punie` above
 * this file. The source (electron/cli/) and the bundle's entry (out/cli/)
 * sit two folders below the package root, a bundle chunk (out/cli/chunks/)
 * three; at most four levels are looked at.
 */
export function punieVersion(): string {
  for (let up = 2; up <= 4; up++) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8'));
      if (!pkg || typeof pkg !== 'object' || (pkg as { name?: unknown }).name !== 'punie') continue;
      const version = (pkg as { version?: unknown }).version;
      return typeof version === 'string' ? version : '0.0.0';
    } catch {
      // Not here: one level up.
    }
  }
  return '0.0.0';
}
