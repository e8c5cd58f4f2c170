import { describe, expect, it } from 'vitest';
import { openAIClient } from './openaiClients';

const local = (baseURL: string, apiKey = 'api-key-not-set') => ({ baseURL, apiKey, flavour: 'local' as const, timeoutMs: 60_000 });

describe('openAIClient', () => {
  it('shares one client per local server and key', () => {
    const a = openAIClient(local('http://127.0.0.1:1234/v1'));
    expect(openAIClient(local('http://127.0.0.1:1234/v1'))).toBe(a);
    expect(openAIClient(local('http://127.0.0.1:1234/v1', 'other-key'))).not.toBe(a);
    expect(openAIClient(local('http://127.0.0.1:8080/v1'))).not.toBe(a);
    expect(a.baseURL).toBe('http://127.0.0.1:1234/v1');
  });

  it('keeps a few at most', () => {
    const first = openAIClient(local('http://127.0.0.1:1/v1'));
    for (let port = 2; port <= 40; port++) openAIClient(local(`http://127.0.0.1:${port}/v1`));
    expect(openAIClient(local('http://127.0.0.1:1/v1'))).not.toBe(first);
  });

  it('makes OpenAI clients fresh, so they read the environment when made', () => {
    const o = { baseURL: 'https://api.openai.com/v1', apiKey: 'sk-test', flavour: 'openai' as const, timeoutMs: 60_000 };
    expect(openAIClient(o)).not.toBe(openAIClient(o));
  });
});
