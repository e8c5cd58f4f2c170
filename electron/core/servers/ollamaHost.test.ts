import { describe, expect, it } from 'vitest';
import { ollamaBaseURL } from './ollamaHost';

describe('ollamaBaseURL ($OLLAMA_HOST as Ollama reads it)', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434/v1'],
    ['', 'http://127.0.0.1:11434/v1'],
    ['   ', 'http://127.0.0.1:11434/v1'],
    ['0.0.0.0', 'http://127.0.0.1:11434/v1'],
    ['0.0.0.0:11500', 'http://127.0.0.1:11500/v1'],
    [':11500', 'http://127.0.0.1:11500/v1'],
    ['gpu-box', 'http://gpu-box:11434/v1'],
    ['gpu-box:8000', 'http://gpu-box:8000/v1'],
    ['192.168.1.20', 'http://192.168.1.20:11434/v1'],
    ['http://gpu-box', 'http://gpu-box/v1'],
    ['http://gpu-box:11434', 'http://gpu-box:11434/v1'],
    ['HTTPS://ollama.example.com', 'https://ollama.example.com/v1'],
    ['https://ollama.example.com:8443/', 'https://ollama.example.com:8443/v1'],
    ['https://example.com/ollama', 'https://example.com/ollama/v1'],
    ['http://gpu-box:11434/v1', 'http://gpu-box:11434/v1'],
    ['[::1]:11500', 'http://[::1]:11500/v1'],
    ['[::]', 'http://127.0.0.1:11434/v1'],
    ['::1', 'http://[::1]:11434/v1'],
    ['gpu-box:notaport', 'http://gpu-box:11434/v1'],
    ['ftp://gpu-box', 'http://127.0.0.1:11434/v1'],
  ])('%j → %s', (value, expected) => {
    expect(ollamaBaseURL({ OLLAMA_HOST: value })).toBe(expected);
  });
});
