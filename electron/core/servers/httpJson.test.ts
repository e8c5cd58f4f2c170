import { describe, expect, it } from 'vitest';
import { startFakeServer } from '../../../e2e/fake-server/fakeServer';
import { getJson, ProbeError } from './httpJson';
import { closedPort } from '../../../e2e/fake-server/closedPort';

describe('getJson', () => {
  it('reads a JSON answer', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp' });
    try {
      const answer = await getJson(`${server.origin}/health`, { signal: new AbortController().signal });
      expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await server.close();
    }
  });

  it('speaks TLS to an https URL (node:https loads only then): a plain-http server there is a TLS failure, not an answer', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp' });
    try {
      const error = await getJson(`${server.origin.replace(/^http:/, 'https:')}/health`, { signal: new AbortController().signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProbeError);
      expect((error as ProbeError).kind).toBe('other');
    } finally {
      await server.close();
    }
  });

  it('reports a closed port as refused', async () => {
    const port = await closedPort();
    await expect(getJson(`http://127.0.0.1:${port}/v1/models`, { signal: new AbortController().signal })).rejects.toMatchObject({ kind: 'refused' });
  });

  it('gives up on a server that accepts and never answers', async () => {
    const server = await startFakeServer({ hangAll: true });
    try {
      const error = await getJson(`${server.baseURL}/models`, { signal: new AbortController().signal, timeoutMs: 150 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProbeError);
      expect((error as ProbeError).kind).toBe('timeout');
    } finally {
      await server.close();
    }
  });

  it('stops when aborted', async () => {
    const server = await startFakeServer({ hangAll: true });
    try {
      const controller = new AbortController();
      const run = getJson(`${server.baseURL}/models`, { signal: controller.signal, timeoutMs: 60_000 });
      controller.abort();
      await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    } finally {
      await server.close();
    }
  });

  it('refuses an answer larger than the cap', async () => {
    const server = await startFakeServer({ profile: 'lmstudio' });
    try {
      await expect(getJson(`${server.baseURL}/models`, { signal: new AbortController().signal, maxBytes: 10 })).rejects.toMatchObject({ kind: 'too-large' });
    } finally {
      await server.close();
    }
  });

  it('rejects a string that is not a URL', async () => {
    await expect(getJson('not a url', { signal: new AbortController().signal })).rejects.toMatchObject({ kind: 'other' });
  });
});
