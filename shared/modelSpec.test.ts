import { describe, expect, it } from 'vitest';
import { formatModelSpec, normaliseAnthropicModel, OLLAMA_BASE_URL, parseModelSpec, type ModelSpec } from './modelSpec';

const valid: Array<[string, ModelSpec]> = [
  ['test', { provider: 'test', model: 'test' }],
  ['TEST', { provider: 'test', model: 'test' }],
  ['  test  ', { provider: 'test', model: 'test' }],
  ['local', { provider: 'local' }],
  ['local:', { provider: 'local' }],
  ['LOCAL:', { provider: 'local' }],
  ['local:qwen/qwen3-coder-30b', { provider: 'local', model: 'qwen/qwen3-coder-30b' }],
  ['local:mlx-community/Qwen2.5-7B-Instruct-4bit', { provider: 'local', model: 'mlx-community/Qwen2.5-7B-Instruct-4bit' }],
  ['local:qwen3:8b', { provider: 'local', model: 'qwen3:8b' }],
  ['local:qwen/qwen3-8b@q4_k_m', { provider: 'local', model: 'qwen/qwen3-8b@q4_k_m' }],
  ['local:model.gguf', { provider: 'local', model: 'model.gguf' }],
  ['local:http://127.0.0.1:1234', { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1' }],
  ['local:http://127.0.0.1:1234/', { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1' }],
  ['local:http://127.0.0.1:1234/v1', { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1' }],
  ['local:http://127.0.0.1:1234/v1/', { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1' }],
  ['local:HTTP://127.0.0.1:8080/v1', { provider: 'local', baseURL: 'http://127.0.0.1:8080/v1' }],
  ['local:Https://Example.COM/v1', { provider: 'local', baseURL: 'https://example.com/v1' }],
  ['local:https://gpu-box:8443/v1/qwen/qwen3-8b', { provider: 'local', baseURL: 'https://gpu-box:8443/v1', model: 'qwen/qwen3-8b' }],
  [
    'local:http://127.0.0.1:1234/v1/qwen/qwen3-coder-30b/',
    { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1', model: 'qwen/qwen3-coder-30b' },
  ],
  ['local:http://localhost:8080/v1/qwen3:8b', { provider: 'local', baseURL: 'http://localhost:8080/v1', model: 'qwen3:8b' }],
  ['local:http://localhost:8080/v1/org/m@v2.1', { provider: 'local', baseURL: 'http://localhost:8080/v1', model: 'org/m@v2.1' }],
  ['local:http://10.0.0.5:9000/qwen/qwen3-8b', { provider: 'local', baseURL: 'http://10.0.0.5:9000/v1', model: 'qwen/qwen3-8b' }],
  ['local:http://host/openai/v1/model-a', { provider: 'local', baseURL: 'http://host/openai/v1', model: 'model-a' }],
  ['local:http://[::1]:1234/v1', { provider: 'local', baseURL: 'http://[::1]:1234/v1' }],
  ['local:http://host:80/v1', { provider: 'local', baseURL: 'http://host/v1' }],
  ['openai:gpt-4.1', { provider: 'openai', model: 'gpt-4.1' }],
  ['OpenAI:gpt-4.1-mini', { provider: 'openai', model: 'gpt-4.1-mini' }],
  ['openai:ft:gpt-4.1:org::abc', { provider: 'openai', model: 'ft:gpt-4.1:org::abc' }],
  ['anthropic:claude-opus-4-1', { provider: 'anthropic', model: 'claude-opus-4-1' }],
  ['anthropic:claude-4.6-sonnet', { provider: 'anthropic', model: 'claude-sonnet-4-6' }],
  ['ollama:qwen3:8b', { provider: 'ollama', baseURL: OLLAMA_BASE_URL, model: 'qwen3:8b' }],
  ['ollama:library/llama3.2', { provider: 'ollama', baseURL: OLLAMA_BASE_URL, model: 'library/llama3.2' }],
  ['claude-sonnet-4-6', { provider: 'anthropic', model: 'claude-sonnet-4-6' }],
  ['claude-4.6-sonnet', { provider: 'anthropic', model: 'claude-sonnet-4-6' }],
  ['claude-4-6-sonnet', { provider: 'anthropic', model: 'claude-sonnet-4-6' }],
  ['claude-3.5-haiku', { provider: 'anthropic', model: 'claude-haiku-3-5' }],
  ['claude-opus-4-1-20250805', { provider: 'anthropic', model: 'claude-opus-4-1-20250805' }],
];

const invalidCases: Array<[string, RegExp]> = [
  ['', /empty/],
  ['   ', /empty/],
  ['openai:', /needs a model/],
  ['local:http://127.0.0.1:/v1', /no port/],
  ['openai', /needs a model/],
  ['anthropic:', /needs a model/],
  ['ollama:', /needs a model/],
  ['local:ftp://host/v1', /http or https, not ftp/],
  ['local:FTP://host', /not FTP/],
  ['local:file:///etc/passwd', /not file/],
  ['local:http://', /URL/],
  ['local:http://host:99999/v1', /not a valid URL/],
  ['local:http://host/v1?x=1', /query/],
  ['local:http://user:pw@host/v1', /credentials/],
  ['local:/v1/model', /cannot start/],
  ['local: qwen', /white space/],
  ['qwen 3', /white space/],
  ['openai:gpt 4', /white space/],
  ['local:my\tmodel', /white space/],
  ['http://127.0.0.1:1234/v1', /must follow local:/],
  ['x'.repeat(2_001), /longer than/],
];

describe('parseModelSpec', () => {
  it.each(valid)('parses %j', (text, expected) => {
    expect(parseModelSpec(text)).toEqual({ ok: true, spec: expected });
  });

  it.each(invalidCases)('rejects %j with a message listing the valid forms', (text, reason) => {
    const result = parseModelSpec(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-spec');
    expect(result.error.message).toMatch(reason);
    for (const form of ['test', 'local:<model>', 'local:http://host:port/v1', 'openai:<model>', 'anthropic:<model>', 'ollama:<model>']) {
      expect(result.error.message).toContain(form);
    }
  });

  it('covers at least 30 table cases', () => {
    expect(valid.length + invalidCases.length).toBeGreaterThanOrEqual(30);
  });

  it('shortens a very long spec in its message', () => {
    const result = parseModelSpec(`a b${'c'.repeat(500)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(400);
  });
});

describe('formatModelSpec', () => {
  it.each(valid)('round-trips %j', (_text, spec) => {
    expect(parseModelSpec(formatModelSpec(spec))).toEqual({ ok: true, spec });
  });

  it('writes canonical text', () => {
    expect(formatModelSpec({ provider: 'local' })).toBe('local:');
    expect(formatModelSpec({ provider: 'local', baseURL: 'http://127.0.0.1:1234/v1', model: 'qwen/qwen3-8b' })).toBe(
      'local:http://127.0.0.1:1234/v1/qwen/qwen3-8b',
    );
    expect(formatModelSpec({ provider: 'ollama', baseURL: OLLAMA_BASE_URL, model: 'qwen3:8b' })).toBe('ollama:qwen3:8b');
  });
});

describe('normaliseAnthropicModel', () => {
  it('maps version-first names and leaves others alone', () => {
    expect(normaliseAnthropicModel('claude-4.6-sonnet')).toBe('claude-sonnet-4-6');
    expect(normaliseAnthropicModel('claude-4-opus')).toBe('claude-opus-4');
    expect(normaliseAnthropicModel('claude-sonnet-4-6')).toBe('claude-sonnet-4-6');
    expect(normaliseAnthropicModel('my-model')).toBe('my-model');
  });
});
