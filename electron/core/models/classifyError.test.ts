import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { PunieError } from '../errors';
import { SERVER_UNAVAILABLE_PREFIX } from '../serverUnavailable';
import { classifyError, retryAfterMs, serverWords, type ErrorContext } from './classifyError';

const headers = (h: Record<string, string> = {}) => new Headers(h);
const openaiError = (status: number, body: unknown, h?: Record<string, string>) => OpenAI.APIError.generate(status, body as object, undefined, headers(h));
const anthropicError = (status: number, body: unknown) => Anthropic.APIError.generate(status, body as object, undefined, headers());
const refused = () =>
  new OpenAI.APIConnectionError({
    cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1234'), { code: 'ECONNREFUSED' }) }),
  });
const dns = () => new OpenAI.APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND gpu-box'), { code: 'ENOTFOUND' }) }) });
const terminated = () => Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

const local: ErrorContext = { provider: 'local', baseURL: 'http://127.0.0.1:1234/v1', model: 'qwen/qwen3-8b' };

interface Row {
  name: string;
  error: () => unknown;
  ctx: ErrorContext;
  code: string;
  message: RegExp[];
}

const rows: Row[] = [
  {
    name: 'connection refused on a local server',
    error: refused,
    ctx: { ...local, triedURLs: ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1'] },
    code: 'server-unavailable',
    message: [/^Local model server not available\. Start LM Studio or mlx-lm\.server first\./, /Tried: http:\/\/127\.0\.0\.1:1234\/v1, http:\/\/127\.0\.0\.1:8080\/v1/],
  },
  { name: 'DNS failure on a local server', error: dns, ctx: local, code: 'server-unavailable', message: [/^Local model server not available/, /127\.0\.0\.1:1234/] },
  {
    name: 'connect timeout',
    error: () => new OpenAI.APIConnectionTimeoutError(),
    ctx: local,
    code: 'server-unavailable',
    message: [/^Local model server not available/],
  },
  { name: 'Ollama not running', error: refused, ctx: { provider: 'ollama', baseURL: 'http://127.0.0.1:11434/v1' }, code: 'server-unavailable', message: [/Ollama is not running/] },
  { name: 'OpenAI unreachable', error: dns, ctx: { provider: 'openai', baseURL: 'https://api.openai.com/v1' }, code: 'server-unavailable', message: [/Could not reach OpenAI/] },
  {
    name: "LM Studio's 404 No models loaded",
    error: () => openaiError(404, { error: { message: 'No models loaded. Please load a model in the developer page or use the `lms load` command.', type: 'invalid_request_error', code: 'model_not_found' } }),
    ctx: { ...local, serverLabel: 'LM Studio', availableModels: ['qwen/qwen3-8b', 'google/gemma-3-12b'] },
    code: 'model-not-loaded',
    message: [/not loaded on LM Studio at http/, /The server said: No models loaded\. Please load/, /Models it has: qwen\/qwen3-8b, google\/gemma-3-12b\./],
  },
  {
    name: "LM Studio's newer 400 with different text",
    error: () => openaiError(400, { error: 'No models are loaded. Load a model first.' }),
    ctx: local,
    code: 'model-not-loaded',
    message: [/No models are loaded/],
  },
  {
    name: "llama.cpp router's 400 model is not loaded",
    error: () => openaiError(400, { error: { code: 400, message: 'model is not loaded', type: 'invalid_request_error' } }),
    ctx: { ...local, availableModels: ['tiny.gguf'] },
    code: 'model-not-loaded',
    message: [/Model "qwen\/qwen3-8b" is not loaded/, /The server said: model is not loaded\./, /Models it has: tiny\.gguf/],
  },
  {
    name: "mlx-lm's plain string error for an unknown model",
    error: () => openaiError(404, { error: 'Failed to load model foo/bar: Repository Not Found for foo/bar.' }),
    ctx: { ...local, model: 'foo/bar', availableModels: ['mlx-community/Qwen2.5-7B-Instruct-4bit'] },
    code: 'model-not-found',
    message: [/does not have model "foo\/bar"/, /The server said: Failed to load model foo\/bar: Repository Not Found/, /mlx-community/],
  },
  {
    name: "Ollama's model not found",
    error: () => openaiError(404, { error: { message: 'model "llama9" not found, try pulling it first', type: 'api_error' } }),
    ctx: { provider: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama9' },
    code: 'model-not-found',
    message: [/try pulling it first/],
  },
  {
    name: "OpenAI's model does not exist",
    error: () => openaiError(404, { error: { message: 'The model `gpt-9` does not exist or you do not have access to it.', code: 'model_not_found' } }),
    ctx: { provider: 'openai', model: 'gpt-9' },
    code: 'model-not-found',
    message: [/^OpenAI does not have model "gpt-9"/],
  },
  {
    name: "Anthropic's not_found_error",
    error: () => anthropicError(404, { type: 'error', error: { type: 'not_found_error', message: 'model: claude-9' } }),
    ctx: { provider: 'anthropic', model: 'claude-9' },
    code: 'model-not-found',
    message: [/model: claude-9/],
  },
  { name: '401 from OpenAI', error: () => openaiError(401, { error: { message: 'Incorrect API key provided.' } }), ctx: { provider: 'openai' }, code: 'auth-failed', message: [/refused the credentials \(401\)/, /Incorrect API key/] },
  { name: '403 from a local server', error: () => openaiError(403, { error: 'forbidden' }), ctx: local, code: 'auth-failed', message: [/\(403\)/] },
  {
    name: '401 from Anthropic',
    error: () => anthropicError(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }),
    ctx: { provider: 'anthropic' },
    code: 'auth-failed',
    message: [/invalid x-api-key/],
  },
  {
    name: "llama.cpp's context overflow",
    error: () => openaiError(400, { error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } }),
    ctx: local,
    code: 'context-overflow',
    message: [/too long for "qwen\/qwen3-8b"'s context window/, /exceeds the available context size/],
  },
  {
    name: "OpenAI's context_length_exceeded",
    error: () => openaiError(400, { error: { message: "This model's maximum context length is 128000 tokens.", code: 'context_length_exceeded' } }),
    ctx: { provider: 'openai', model: 'gpt-4.1' },
    code: 'context-overflow',
    message: [/maximum context length/],
  },
  {
    name: "Anthropic's prompt is too long",
    error: () => anthropicError(400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }),
    ctx: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    code: 'context-overflow',
    message: [/prompt is too long/],
  },
  { name: '429', error: () => openaiError(429, { error: { message: 'Rate limit reached' } }), ctx: { provider: 'openai' }, code: 'rate-limited', message: [/429/, /Rate limit reached/] },
  { name: '500', error: () => openaiError(500, { error: 'boom' }), ctx: local, code: 'server-error', message: [/failed \(500\)/, /The server said: boom\./] },
  { name: "Anthropic's 529 overloaded", error: () => anthropicError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), ctx: { provider: 'anthropic' }, code: 'server-error', message: [/Overloaded/] },
  { name: 'other 400', error: () => openaiError(400, { error: { message: "'messages' must not be empty" } }), ctx: local, code: 'bad-request', message: [/rejected the request \(400\)/, /must not be empty/] },
  {
    name: 'server died mid-stream after text',
    error: terminated,
    ctx: { ...local, partialText: 'Hello wor' },
    code: 'stream-broken',
    message: [/closed the stream before the answer was complete/],
  },
  { name: 'server died before any text', error: terminated, ctx: local, code: 'stream-broken', message: [/closed the stream/] },
  { name: 'malformed chunk', error: () => new SyntaxError('Unexpected token n in JSON'), ctx: { ...local, partialText: 'Hi' }, code: 'stream-broken', message: [/malformed stream/] },
  {
    name: 'in-stream error after text',
    error: () => new OpenAI.APIError(undefined, { message: 'generation failed' }, undefined, undefined),
    ctx: { ...local, partialText: 'Part' },
    code: 'stream-broken',
    message: [/generation failed/],
  },
  { name: 'abort', error: () => new OpenAI.APIUserAbortError(), ctx: local, code: 'aborted', message: [/Stopped/] },
  { name: 'DOM abort', error: () => new DOMException('This operation was aborted', 'AbortError'), ctx: local, code: 'aborted', message: [/Stopped/] },
];

describe('classifyError', () => {
  it.each(rows)('$name → $code', (row) => {
    const e = classifyError(row.error(), row.ctx);
    expect(e).toBeInstanceOf(PunieError);
    expect(e.code).toBe(row.code);
    for (const re of row.message) expect(e.message).toMatch(re);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('keeps the partial text on stream-broken', () => {
    const e = classifyError(terminated(), { ...local, partialText: 'Hello wor' });
    expect(e.partialText).toBe('Hello wor');
    expect(e.hint).toMatch(/kept/);
  });

  it('passes a PunieError through', () => {
    const original = new PunieError('invalid-spec', 'bad');
    expect(classifyError(original, local)).toBe(original);
  });

  it('uses the exact server-unavailable prefix', () => {
    expect(classifyError(refused(), local).message.startsWith(SERVER_UNAVAILABLE_PREFIX)).toBe(true);
  });

  it('lists at most ten available models', () => {
    const models = Array.from({ length: 14 }, (_, i) => `m${i}`);
    const e = classifyError(openaiError(400, { error: 'model is not loaded' }), { ...local, availableModels: models });
    expect(e.message).toMatch(/m9, and 4 more\./);
    expect(e.message).not.toMatch(/m10/);
  });
});

describe('serverWords', () => {
  it('reads strings, nested messages and plain errors', () => {
    expect(serverWords(openaiError(400, { error: 'plain' }))).toBe('plain');
    expect(serverWords(openaiError(400, { error: { message: 'nested' } }))).toBe('nested');
    expect(serverWords(anthropicError(400, { type: 'error', error: { type: 'x', message: 'deep' } }))).toBe('deep');
    expect(serverWords(new Error('just a message'))).toBe('just a message');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and dates from Retry-After', () => {
    expect(retryAfterMs(openaiError(429, {}, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(openaiError(429, {}, { 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(retryAfterMs(openaiError(429, {}))).toBeUndefined();
    expect(retryAfterMs(classifyError(openaiError(429, {}, { 'retry-after': '1' }), local))).toBe(1000);
  });
});
