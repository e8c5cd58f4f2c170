import type { KeySource } from './types';

const ENV_VARS = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' } as const;

/** The environment variable that holds a provider's key. */
export function keyEnvVar(provider: 'openai' | 'anthropic'): string {
  return ENV_VARS[provider];
}

/**
 * Keys for OpenAI and Anthropic: the environment variable wins over a key
 * stored in Settings. Blank values count as unset.
 */
export function createKeySource(env: Readonly<Record<string, string | undefined>>, stored?: (provider: 'openai' | 'anthropic') => string | undefined): KeySource {
  return {
    get(provider) {
      const fromEnv = env[ENV_VARS[provider]]?.trim();
      if (fromEnv) return fromEnv;
      const fromStore = stored?.(provider)?.trim();
      return fromStore || undefined;
    },
  };
}
