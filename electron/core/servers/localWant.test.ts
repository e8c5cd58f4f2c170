import { describe, expect, it } from 'vitest';
import { parseModelSpec } from '../../../shared/modelSpec';
import { localWant, namedTarget } from './localWant';

const wantOf = (text: string) => {
  const parsed = parseModelSpec(text);
  if (!parsed.ok || parsed.spec.provider !== 'local') throw new Error(`not a local spec: ${text}`);
  return localWant(parsed.spec);
};

describe('localWant', () => {
  it('reads what a local: spec names: nothing, a model, a server, or both', () => {
    expect(wantOf('local:')).toEqual({});
    expect(wantOf('local:qwen/qwen3-8b')).toEqual({ model: 'qwen/qwen3-8b' });
    expect(wantOf('local:http://127.0.0.1:1234/v1')).toEqual({ baseURL: 'http://127.0.0.1:1234/v1' });
    expect(wantOf('local:http://127.0.0.1:1234/v1/qwen/qwen3-8b')).toEqual({ baseURL: 'http://127.0.0.1:1234/v1', model: 'qwen/qwen3-8b' });
  });

  it('only a spec naming both the server and the model skips the probe', () => {
    expect(namedTarget(wantOf('local:http://127.0.0.1:1234/v1/m'))).toEqual({ baseURL: 'http://127.0.0.1:1234/v1', model: 'm' });
    expect(namedTarget(wantOf('local:m'))).toBeUndefined();
    expect(namedTarget(wantOf('local:http://127.0.0.1:1234/v1'))).toBeUndefined();
    expect(namedTarget(wantOf('local:'))).toBeUndefined();
  });
});
