import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PunieBridge } from '../../../shared/ipc/events';
import { createClient } from './client';
import { RequestError } from './requestError';
import { DEFAULT_ROUTE_TIMEOUT_MS } from '../../../shared/ipc/timeouts';

const status = { overall: 'offline', endpoints: [], checkedAt: 1 } as const;

function fakeBridge(answer: (route: string, input: unknown) => Promise<unknown>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const bridge: PunieBridge = {
    request: vi.fn(answer),
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { bridge, emit, listeners };
}

async function caught(p: Promise<unknown>): Promise<RequestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RequestError) return e;
    throw e;
  }
  throw new Error('expected a RequestError');
}

afterEach(() => vi.useRealTimers());

describe('request', () => {
  it('unwraps an ok envelope and parses the output', async () => {
    const { bridge } = fakeBridge(async () => ({ ok: true, data: status }));
    const client = createClient(bridge);
    await expect(client.request('servers.status', {})).resolves.toEqual(status);
    expect(bridge.request).toHaveBeenCalledWith('servers.status', {});
  });

  it('turns an error envelope into a RequestError with its code, message and hint', async () => {
    const { bridge } = fakeBridge(async () => ({
      ok: false,
      error: { code: 'server-unavailable', message: 'No local server answers.', hint: 'Start LM Studio.' },
    }));
    const e = await caught(createClient(bridge).request('servers.refresh', {}));
    expect(e.code).toBe('server-unavailable');
    expect(e.message).toBe('No local server answers.');
    expect(e.hint).toBe('Start LM Studio.');
  });

  it('refuses an answer that does not match the route output schema', async () => {
    const { bridge } = fakeBridge(async () => ({ ok: true, data: { overall: 'sideways' } }));
    const e = await caught(createClient(bridge).request('servers.status', {}));
    expect(e.code).toBe('internal');
  });

  it('refuses something that is not an envelope', async () => {
    const { bridge } = fakeBridge(async () => 'hello');
    expect((await caught(createClient(bridge).request('servers.status', {}))).code).toBe('internal');
  });

  it('maps a rejected bridge call to internal without leaking the original error', async () => {
    const { bridge } = fakeBridge(async () => {
      throw new Error('at ipcRenderer.invoke (secret stack)');
    });
    const e = await caught(createClient(bridge).request('servers.status', {}));
    expect(e.code).toBe('internal');
    expect(e.message).not.toContain('secret stack');
  });

  it('stops waiting when the signal aborts', async () => {
    const { bridge } = fakeBridge(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = createClient(bridge).request('servers.status', {}, { signal: controller.signal });
    controller.abort();
    expect((await caught(pending)).code).toBe('aborted');
  });

  it('gives up after the timeout, but waits on user-paced dialogs', async () => {
    vi.useFakeTimers();
    const { bridge } = fakeBridge(() => new Promise(() => {}));
    const client = createClient(bridge);
    const timed = caught(client.request('servers.status', {}, { timeoutMs: 1_000 }));
    let dialogSettled = false;
    client.request('workspace.pick', {}).then(
      () => (dialogSettled = true),
      () => (dialogSettled = true),
    );
    await vi.advanceTimersByTimeAsync(120_000);
    expect((await timed).code).toBe('internal');
    expect(dialogSettled).toBe(false);
  });

  it("waits main's own deadline for a route (shared/ipc/timeouts), and no longer", async () => {
    vi.useFakeTimers();
    const { bridge } = fakeBridge(() => new Promise(() => {}));
    let settled = false;
    const pending = caught(createClient(bridge).request('servers.status', {})).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(DEFAULT_ROUTE_TIMEOUT_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).code).toBe('internal');
  });

  it('answers unsupported when there is no bridge', async () => {
    expect((await caught(createClient(undefined).request('servers.status', {}))).code).toBe('unsupported');
  });
});

describe('on', () => {
  it('delivers parsed payloads and unsubscribes', () => {
    const { bridge, emit } = fakeBridge(async () => undefined);
    const seen: unknown[] = [];
    const off = createClient(bridge).on('servers.status', (s) => seen.push(s.overall));
    emit('servers.status', status);
    off();
    emit('servers.status', status);
    expect(seen).toEqual(['offline']);
  });

  it('drops a malformed payload and keeps listening', () => {
    const { bridge, emit } = fakeBridge(async () => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: number[] = [];
    createClient(bridge).on('agent.events', (batch) => seen.push(batch.length));
    emit('agent.events', [{ type: 'text-delta' }]);
    emit('agent.events', [{ type: 'text-delta', runId: 'r', delta: 'x' }]);
    expect(seen).toEqual([1]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('isolates a throwing listener', () => {
    const { bridge, emit } = fakeBridge(async () => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    createClient(bridge).on('app.command', () => {
      throw new Error('boom');
    });
    expect(() => emit('app.command', { command: 'new-conversation' })).not.toThrow();
    err.mockRestore();
  });
});
