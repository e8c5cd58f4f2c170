import { describe, expect, it } from 'vitest';
import { isLoopback, loadViaFor } from './loadWay';

describe('loadViaFor', () => {
  const lm = { kind: 'lmstudio' as const, url: 'http://127.0.0.1:1234/v1' };
  it("LM Studio 0.4: its REST API, wherever it runs; 0.3: lms, only for this machine's LM Studio", () => {
    expect(loadViaFor({ ...lm, loadApi: 'lmstudio-v1' }, false)).toBe('lmstudio-rest');
    expect(loadViaFor({ ...lm, url: 'http://10.0.0.5:1234/v1', loadApi: 'lmstudio-v1' }, true)).toBe('lmstudio-rest');
    expect(loadViaFor(lm, true)).toBe('lms');
    expect(loadViaFor(lm, false)).toBeUndefined();
    expect(loadViaFor({ ...lm, url: 'http://10.0.0.5:1234/v1' }, true)).toBeUndefined();
  });

  it("llama-server only as a router; nothing else", () => {
    expect(loadViaFor({ kind: 'llama.cpp', url: 'http://127.0.0.1:8080/v1', loadApi: 'llama-router' }, true)).toBe('llama-router');
    expect(loadViaFor({ kind: 'llama.cpp', url: 'http://127.0.0.1:8080/v1' }, true)).toBeUndefined();
    expect(loadViaFor({ kind: 'mlx-lm', url: 'http://127.0.0.1:8080/v1' }, true)).toBeUndefined();
    expect(loadViaFor({ kind: 'ollama', url: 'http://127.0.0.1:11434/v1' }, true)).toBeUndefined();
  });
});

describe('isLoopback', () => {
  it('is this machine for 127.x, localhost and ::1 only', () => {
    expect(['http://127.0.0.1:1234/v1', 'http://localhost:1234/v1', 'http://[::1]:1234/v1', 'http://127.8.9.10/v1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['http://192.168.1.2:1234/v1', 'http://127.0.0.1.evil.example/v1', 'not a url'].map(isLoopback)).toEqual([false, false, false]);
  });
});
