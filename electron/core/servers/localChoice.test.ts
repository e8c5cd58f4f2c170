import { describe, expect, it } from 'vitest';
import type { EndpointStatus, LocalModel } from '../../../shared/serverStatus';
import { answers, nameModels, noModelError, summarise, usableModel } from './localChoice';

const A = 'http://127.0.0.1:1234/v1';
const B = 'http://127.0.0.1:8080/v1';
const model = (id: string, extra: Partial<LocalModel> = {}): LocalModel => ({ id, loaded: false, type: 'llm', ...extra });
const online = (url: string, kind: EndpointStatus['kind'], models: LocalModel[]): EndpointStatus => ({ url, kind, state: 'online', models, checkedAt: 1 });
const offline = (url: string): EndpointStatus => ({ url, state: 'offline', models: [], lastError: { code: 'server-unavailable', message: 'Nothing is listening.' }, checkedAt: 1 });

describe('usableModel', () => {
  it('the first loaded chat model, never an embedding model', () => {
    const e = online(A, 'lmstudio', [model('embed', { loaded: true, type: 'embeddings' }), model('a'), model('b', { loaded: true }), model('c', { loaded: true })]);
    expect(usableModel(e)?.id).toBe('b');
  });

  it('none loaded: nothing, even when the first message would load one (LM Studio)', () => {
    expect(usableModel(online(A, 'lmstudio', [model('a', { loadsOnDemand: true })]))).toBeUndefined();
  });

  it('mlx-lm: the model it was started with, else the first it lists', () => {
    expect(usableModel(online(B, 'mlx-lm', [model('x', { loadsOnDemand: true }), model('/m/started', { loaded: true, isDefault: true })]))?.id).toBe('/m/started');
    expect(usableModel(online(B, 'mlx-lm', [model('x', { loadsOnDemand: true }), model('y', { loadsOnDemand: true })]))?.id).toBe('x');
  });
});

describe('summarise', () => {
  it('ready: the first endpoint in order with a usable model is active', () => {
    const status = summarise([offline(A), online(B, 'llama.cpp', [model('tiny', { loaded: true })])], 5);
    expect(status).toMatchObject({ overall: 'ready', active: { url: B, kind: 'llama.cpp', model: 'tiny' }, checkedAt: 5 });
  });

  it('a later endpoint with a loaded model wins over an earlier one without', () => {
    const status = summarise([online(A, 'lmstudio', [model('a', { loadsOnDemand: true })]), online(B, 'llama.cpp', [model('tiny', { loaded: true })])], 5);
    expect(status.active?.url).toBe(B);
  });

  it('no-model when servers answer without a usable model; offline when none answers', () => {
    const noModel = summarise([online(A, 'lmstudio', [model('a')]), offline(B)], 1);
    expect(noModel.overall).toBe('no-model');
    expect(noModel).not.toHaveProperty('active');
    expect(summarise([offline(A), offline(B)], 1).overall).toBe('offline');
    expect(summarise([], 1).overall).toBe('offline');
  });

  it('Ollama rides along without counting', () => {
    const status = summarise([offline(A)], 1, online('http://127.0.0.1:11434/v1', 'ollama', [model('qwen3:8b', { loaded: true })]));
    expect(status).toMatchObject({ overall: 'offline', ollama: { kind: 'ollama' } });
  });
});

describe('noModelError', () => {
  it('model-not-loaded naming the chat models it has', () => {
    const e = noModelError(online(A, 'lmstudio', [model('qwen/qwen3-8b', { loadsOnDemand: true }), model('nomic-embed', { type: 'embeddings' })]));
    expect(e.code).toBe('model-not-loaded');
    expect(e.message).toBe(`No model is loaded on LM Studio at ${A}. Models it has: qwen/qwen3-8b.`);
    expect(e.hint).toMatch(/local:<model>/);
  });

  it('a server with no chat model at all says so', () => {
    expect(noModelError(online(B, undefined, [])).message).toBe(`The server at ${B} answers but has no chat models.`);
  });

  it('an endpoint that answered without a listing gives its own error', () => {
    const e: EndpointStatus = { url: A, state: 'error', models: [], lastError: { code: 'auth-failed', message: 'wants a key', hint: 'set it' }, checkedAt: 1 };
    expect(answers(e)).toBe(true);
    expect(noModelError(e)).toMatchObject({ code: 'auth-failed', message: 'wants a key', hint: 'set it' });
    expect(answers({ ...e, lastError: { code: 'server-unavailable', message: 'silent' } })).toBe(false);
  });
});

describe('nameModels', () => {
  it('names ten, then counts the rest', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `m${i}`);
    expect(nameModels(ids)).toBe('m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 2 more');
  });
});
