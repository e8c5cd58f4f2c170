import { describe, expect, it } from 'vitest';
import type { ServersStatus } from '../../shared/serverStatus';
import { chosenSpec, modelConfigOption } from './modelOptions';

const status: ServersStatus = {
  overall: 'ready',
  checkedAt: 0,
  endpoints: [
    {
      url: 'http://127.0.0.1:1234/v1',
      kind: 'lmstudio',
      state: 'online',
      checkedAt: 0,
      models: [
        { id: 'qwen/qwen3-coder-30b', loaded: true, type: 'llm' },
        { id: 'nomic-embed', loaded: true, type: 'embeddings' },
        { id: 'gemma', loaded: false, type: 'llm' },
      ],
    },
    { url: 'http://127.0.0.1:8080/v1', state: 'offline', checkedAt: 0, models: [] },
  ],
  ollama: { url: 'http://127.0.0.1:11434/v1', kind: 'ollama', state: 'online', checkedAt: 0, models: [{ id: 'qwen3:8b', loaded: false, type: 'llm', note: 'loads on demand' }] },
};

describe('the model picker for a session', () => {
  it('groups chat models by server, Automatic first, the current spec selected', () => {
    expect(modelConfigOption('local', status)).toEqual({
      id: 'model',
      name: 'Model',
      category: 'model',
      type: 'select',
      currentValue: 'local:',
      options: [
        { group: 'auto', name: 'Automatic', options: [expect.objectContaining({ value: 'local:', name: 'Automatic' })] },
        {
          group: 'http://127.0.0.1:1234/v1',
          name: 'LM Studio (127.0.0.1:1234)',
          options: [
            { value: 'local:http://127.0.0.1:1234/v1/qwen/qwen3-coder-30b', name: 'qwen/qwen3-coder-30b' },
            { value: 'local:http://127.0.0.1:1234/v1/gemma', name: 'gemma', description: 'Not loaded; the server loads it on the first message' },
          ],
        },
        { group: 'http://127.0.0.1:11434/v1', name: 'Ollama (127.0.0.1:11434)', options: [{ value: 'ollama:qwen3:8b', name: 'qwen3:8b', description: 'loads on demand' }] },
      ],
    });
  });

  it('a spec discovery did not list is offered in its own group; no discovery still offers it', () => {
    const option = modelConfigOption('openai:gpt-4.1', undefined);
    expect(option).toMatchObject({ currentValue: 'openai:gpt-4.1' });
    expect(option.type === 'select' && option.options.at(-1)).toEqual({ group: 'current', name: 'In use', options: [{ value: 'openai:gpt-4.1', name: 'openai:gpt-4.1' }] });
  });

  it('a chosen value is a spec; other settings and invalid specs are refused with words', () => {
    expect(chosenSpec('model', 'local:http://127.0.0.1:1234/v1/gemma')).toBe('local:http://127.0.0.1:1234/v1/gemma');
    expect(() => chosenSpec('mode', 'x')).toThrow(/no setting "mode"/);
    expect(() => chosenSpec('model', true)).toThrow(/chosen by its name/);
    expect(() => chosenSpec('model', 'local:ftp://x')).toThrow(/Invalid model spec/);
  });
});
