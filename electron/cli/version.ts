import { readFileSync } from 'node:fs';

/**
 * Punie's version from package.json. Both this source file and the bundle
 * (out/cli/punie.mjs) sit two folders below the package root.
 */
export function punieVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const version = pkg && typeof pkg === 'object' ? (pkg as { version?: unknown }).version : undefined;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
