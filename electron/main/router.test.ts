import { describe, expect, it, vi } from 'vitest';
import { ROUTE_NAMES } from '../../shared/ipc/routes';
import { PunieError } from '../core/errors';
import type { Logger } from '../core/log';
import { createHandlers } from './handlers';
import { createRouter, type Handlers } from './router';
import { createSenderCheck, type SenderInfo } from './senderPolicy';
import { createPlainNodeMain } from '../../test/support/main/plainNodeMain';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ORIGIN = 'punie://app';
const good: SenderInfo = { url: 'punie://app/index.html', topFrame: true, window: 'main' };
const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };

/** Handlers that all fail loudly, except the ones a test overrides. */
function handlersWith(overrides: Partial<Handlers>): Handlers {
  const base = Object.fromEntries(
    ROUTE_NAMES.map((name) => [name, vi.fn(async () => { throw new Error(`unexpected call to ${name}`); })]),
  ) as unknown as Handlers;
  return { ...base, ...overrides };
}

function router(overrides: Partial<Handlers>, options: { timeoutMs?: number; signal?: AbortSignal; checkOutput?: boolean } = {}) {
  return createRouter({ handlers: handlersWith(overrides), isTrustedSender: createSenderCheck([ORIGIN]), log: quiet, ...options });
}

describe('router', () => {
  it('answers an ok envelope with the handler data', async () => {
    const handle = router({ 'app.info': async () => ({ version: '1.2.3', platform: 'linux' }) });
    expect(await handle(good, 'app.info', {})).toEqual({ ok: true, data: { version: '1.2.3', platform: 'linux' } });
  });

  it.each<[string, SenderInfo]>([
    ['another origin', { url: 'https://evil.example/index.html', topFrame: true, window: 'main' }],
    ['a file: page', { url: 'file:///tmp/index.html', topFrame: true, window: 'main' }],
    ['an iframe', { url: 'punie://app/index.html', topFrame: false, window: 'main' }],
    ['a window that is not ours', { url: 'punie://app/index.html', topFrame: true, window: undefined }],
    ['an unparsable url', { url: 'not a url', topFrame: true, window: 'main' }],
  ])('refuses %s without running the handler', async (_name, sender) => {
    const info = vi.fn(async () => ({ version: '1', platform: 'linux' }));
    const handle = router({ 'app.info': info });
    const answer = await handle(sender, 'app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden-sender', message: expect.any(String) } });
    expect(info).not.toHaveBeenCalled();
  });

  it('refuses invalid input before any handler runs, naming the problem', async () => {
    const abort = vi.fn(async () => ({ aborted: true }));
    const handle = router({ 'agent.abort': abort });
    for (const input of [{}, { runId: 42 }, { runId: 'r', extra: true }, 'text', null]) {
      const answer = await handle(good, 'agent.abort', input);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('invalid-input');
    }
    expect(abort).not.toHaveBeenCalled();
  });

  it('never echoes a rejected secret in its error message', async () => {
    const handle = router({});
    const answer = await handle(good, 'secrets.set', { provider: 'openai', key: 'sk-secret-value-123456', extra: 'x' });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain('sk-secret-value-123456');
  });

  it('refuses an unknown route and a non-string route', async () => {
    const handle = router({});
    for (const route of ['nope', 'constructor', '__proto__', 42, undefined]) {
      const answer = await handle(good, route, {});
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('invalid-input');
    }
  });

  it('passes the parsed input, the sender and a signal to the handler', async () => {
    const start = vi.fn(async () => ({ runId: 'r1', conversationId: 'c1' }));
    const handle = router({ 'agent.start': start });
    await handle({ ...good, window: 'quick' }, 'agent.start', { prompt: 'hi', modelSpec: 'test' });
    expect(start).toHaveBeenCalledWith(
      { prompt: 'hi', modelSpec: 'test' },
      expect.objectContaining({ sender: expect.objectContaining({ window: 'quick' }), signal: expect.any(AbortSignal) }),
    );
  });

  it('turns a PunieError into its error data', async () => {
    const handle = router({
      'conversations.get': async () => {
        throw new PunieError('not-found', 'That conversation no longer exists.', { hint: 'Pick another one.' });
      },
    });
    expect(await handle(good, 'conversations.get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That conversation no longer exists.', hint: 'Pick another one.' },
    });
  });

  it('turns an unknown failure into `internal` without a stack trace or the raw message', async () => {
    const handle = router({ 'app.info': async () => { throw new TypeError('cannot read x of undefined at /src/secret/path.ts:10'); } });
    const answer = await handle(good, 'app.info', {});
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('internal');
      expect(answer.error.message).not.toMatch(/path\.ts|TypeError|at /);
    }
  });

  it('answers when a handler outlives its deadline, and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const handle = router({ 'servers.refresh': (_i, { signal }) => { seen = signal; return new Promise(() => {}); } }, { timeoutMs: 20 });
    const answer = await handle(good, 'servers.refresh', {});
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('internal');
    expect(seen?.aborted).toBe(true);
  });

  it('gives user-driven routes (dialogs) no deadline but ends them on shutdown', async () => {
    const shutdown = new AbortController();
    const never = () => new Promise<never>(() => {});
    const handle = router({ 'workspace.pick': never, 'servers.refresh': never }, { timeoutMs: 5, signal: shutdown.signal });
    let settled = false;
    const pending = handle(good, 'workspace.pick', {}).then((answer) => {
      settled = true;
      return answer;
    });
    // A request with a deadline started after it has timed out: the dialog is still open.
    expect((await handle(good, 'servers.refresh', {})).ok).toBe(false);
    expect(settled).toBe(false);
    shutdown.abort();
    expect(await pending).toEqual({ ok: false, error: { code: 'aborted', message: 'Punie is shutting down.' } });
  });

  it('with checkOutput, refuses an answer its route does not allow', async () => {
    const handle = router({ 'app.info': async () => ({ version: 3 }) as never }, { checkOutput: true });
    const answer = await handle(good, 'app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('app.info') } });
  });
});

describe('handler map', () => {
  it('has a handler for every route', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'punie-handlers-'));
    const main = await createPlainNodeMain({ dataDir: dir, trustedOrigins: [ORIGIN] });
    try {
      const handlers = createHandlers({ services: main.services, events: { broadcast: () => {}, send: () => {} }, noteRunOrigin: () => {} });
      expect(Object.keys(handlers).sort()).toEqual([...ROUTE_NAMES].sort());
      for (const name of ROUTE_NAMES) expect(typeof handlers[name], name).toBe('function');
    } finally {
      await main.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
