import { describe, expect, it } from 'vitest';
import type { ModelOption } from '../../../../shared/ipc/routes';
import { contextLabel, groupModels, modelDisplayName, moveActive, selectableOptions } from './modelList';

const opt = (spec: string, group: ModelOption['group'], groupLabel: string, extra: Partial<ModelOption> = {}): ModelOption => ({
  spec,
  label: spec.split('/').pop()!,
  group,
  groupLabel,
  available: true,
  ...extra,
});

const options: ModelOption[] = [
  opt('test', 'test', 'Test'),
  opt('openai:gpt-4.1', 'openai', 'OpenAI', { available: false, unavailableReason: 'No API key' }),
  opt('local:http://127.0.0.1:1234/v1/qwen3-8b', 'lmstudio', 'LM Studio', { loaded: true, quantization: 'Q4_K_M', toolUse: true }),
  opt('local:http://127.0.0.1:1234/v1/gemma-3-4b', 'lmstudio', 'LM Studio', { loaded: false, loadsOnDemand: true }),
  opt('local:http://127.0.0.1:8080/v1/mlx-community/Qwen', 'mlx-lm', 'mlx-lm.server', { loaded: true }),
];

describe('groupModels', () => {
  it('orders groups local first, cloud next, Test last', () => {
    expect(groupModels(options).map((g) => g.label)).toEqual(['LM Studio', 'mlx-lm.server', 'OpenAI', 'Test']);
  });

  it('filters by every word across name, server, quantization and the tools badge', () => {
    expect(groupModels(options, 'qwen').flatMap((g) => g.items.map((o) => o.label))).toEqual(['qwen3-8b', 'Qwen']);
    expect(groupModels(options, 'studio q4').flatMap((g) => g.items.map((o) => o.label))).toEqual(['qwen3-8b']);
    expect(groupModels(options, 'tools').flatMap((g) => g.items.map((o) => o.label))).toEqual(['qwen3-8b']);
    expect(groupModels(options, 'nothing-like-this')).toEqual([]);
  });
});

describe('keyboard movement', () => {
  const list = selectableOptions(groupModels(options));

  it('skips unusable models', () => {
    expect(list.map((o) => o.spec)).not.toContain('openai:gpt-4.1');
    expect(list).toHaveLength(4);
  });

  it('moves and wraps', () => {
    expect(moveActive(list, undefined, 1)).toBe(list[0]!.spec);
    expect(moveActive(list, undefined, -1)).toBe(list[3]!.spec);
    expect(moveActive(list, list[0]!.spec, 1)).toBe(list[1]!.spec);
    expect(moveActive(list, list[3]!.spec, 1)).toBe(list[0]!.spec);
    expect(moveActive(list, list[0]!.spec, -1)).toBe(list[3]!.spec);
    expect(moveActive([], 'x', 1)).toBeUndefined();
  });
});

describe('labels', () => {
  it('writes context lengths short', () => {
    expect(contextLabel(4096)).toBe('4k');
    expect(contextLabel(32_768)).toBe('32k');
    expect(contextLabel(131_072)).toBe('128k');
    expect(contextLabel(1_048_576)).toBe('1M');
    expect(contextLabel(200_000)).toBe('200k');
  });

  it('names a spec from the list, else from the spec', () => {
    expect(modelDisplayName('test', options)).toBe('test');
    expect(modelDisplayName('local:', [])).toBe('Local model (whichever is loaded)');
    expect(modelDisplayName('openai:gpt-5', [])).toBe('gpt-5');
    expect(modelDisplayName(undefined, [])).toBe('Choose a model');
  });
});
