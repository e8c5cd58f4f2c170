import { describe, expect, it } from 'vitest';
import { modelRef } from '../../../shared/modelRef';
import { PunieError } from '../errors';
import { checkedModelSpec } from './checkedSpec';

describe('checkedModelSpec', () => {
  it('parses once and keeps the text as written, trimmed', () => {
    expect(checkedModelSpec('  local:http://127.0.0.1:1234/v1/qwen ')).toEqual({
      text: 'local:http://127.0.0.1:1234/v1/qwen',
      spec: { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1', model: 'qwen' },
    });
    expect(checkedModelSpec('claude-4-6-sonnet')).toEqual({ text: 'claude-4-6-sonnet', spec: { provider: 'anthropic', model: 'claude-sonnet-4-6' } });
  });

  it('throws invalid-spec with the valid forms', () => {
    let thrown: unknown;
    try {
      checkedModelSpec('openai:');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PunieError);
    expect(thrown).toMatchObject({ code: 'invalid-spec', message: expect.stringMatching(/Valid forms: test, local/) });
  });
});

describe('modelRef', () => {
  it('from the spec alone: what the spec says, nothing more', () => {
    expect(modelRef(checkedModelSpec('local:'))).toEqual({ spec: 'local:', provider: 'local', modelId: '' });
    expect(modelRef(checkedModelSpec('ollama:qwen3:8b'))).toEqual({ spec: 'ollama:qwen3:8b', provider: 'ollama', modelId: 'qwen3:8b', baseURL: 'http://127.0.0.1:11434/v1' });
  });

  it('resolved: where the spec led, the context only with its source when known', () => {
    expect(modelRef(checkedModelSpec('local:'), { modelId: 'qwen', baseURL: 'http://h:1/v1', serverKind: 'lmstudio', contextLength: 4096, contextSource: 'loaded' })).toEqual({
      spec: 'local:',
      provider: 'local',
      modelId: 'qwen',
      baseURL: 'http://h:1/v1',
      serverKind: 'lmstudio',
      contextLength: 4096,
      contextSource: 'loaded',
    });
    expect(modelRef(checkedModelSpec('anthropic:claude-sonnet-4-6'), { modelId: 'claude-sonnet-4-6' })).toEqual({ spec: 'anthropic:claude-sonnet-4-6', provider: 'anthropic', modelId: 'claude-sonnet-4-6' });
  });
});
