import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createMemoryAgentHistory } from '../core/agent/memoryAgentHistory';
import { PunieError } from '../core/errors';
import { historyReadFailure, openCliHistory, withMemoryFallback } from './cliHistory';
import { bufferOutput } from '../../test/support/cli/testIo';

const root = mkdtempSync(join(tmpdir(), 'punie-clihistory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const live = () => new AbortController().signal;
const start = (conversationId: string): AgentEvent => ({
  type: 'run-start',
  runId: 'r',
  conversationId,
  model: { spec: 'test', provider: 'test', modelId: 'test' },
  prompt: 'hi',
  startedAt: 1,
});

describe('withMemoryFallback', () => {
  it('keeps a new conversation in memory when the store cannot create it, telling once', async () => {
    const reasons: string[] = [];
    const broken = { ...createMemoryAgentHistory(), open: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'EROFS' })) };
    const port = withMemoryFallback(broken, (r) => reasons.push(r));
    const opened = await port.open({ title: 'hi', model: 'test' }, live());
    expect(opened.messages).toEqual([]);
    expect(reasons).toEqual(['the disk is read-only']);
    port.record(opened.id, start(opened.id));
    await expect(port.flush(opened.id)).resolves.toBeUndefined();
  });

  it('continuing a conversation that cannot be opened still fails', async () => {
    const missing = new PunieError('not-found', 'This conversation does not exist (it may have been deleted).');
    const port = withMemoryFallback({ ...createMemoryAgentHistory(), open: async () => Promise.reject(missing) }, () => undefined);
    await expect(port.open({ id: 'x', title: 'hi', model: 'test' }, live())).rejects.toBe(missing);
  });

  it('an abort is not a reason to fall back', async () => {
    const controller = new AbortController();
    controller.abort();
    const told: string[] = [];
    const port = withMemoryFallback({ ...createMemoryAgentHistory(), open: async () => Promise.reject(new DOMException('aborted', 'AbortError')) }, (r) => told.push(r));
    await expect(port.open({ title: 'hi', model: 'test' }, controller.signal)).rejects.toThrow(/aborted/);
    expect(told).toEqual([]);
  });
});

describe('openCliHistory', () => {
  it('without history: an in-memory port and no store', async () => {
    const h = await openCliHistory({ enabled: false, env: { PUNIE_HOME: join(root, 'never') }, stderr: bufferOutput() });
    expect(h.store).toBeUndefined();
    const { id } = await h.port.open({ title: 'hi', model: 'test' }, live());
    h.port.record(id, start(id));
    await h.close();
  });

  it('with history: the store at $PUNIE_HOME, whose notices print once', async () => {
    const home = join(root, 'home');
    const stderr = bufferOutput();
    const h = await openCliHistory({ enabled: true, env: { PUNIE_HOME: home }, stderr });
    expect(h.store?.layout.root).toBe(join(home, 'history'));
    await h.store?.list({}, live());
    writeFileSync(join(home, 'history', 'conversations', 'bad.jsonl'), '\u0000\u0001');
    await h.store?.list({}, live());
    h.printNotices();
    h.printNotices();
    expect(stderr.text).toMatch(/^punie: 1 conversation could not be read; it was kept at [^\n]+\n$/);
    await h.close();
  });
});

describe('historyReadFailure', () => {
  it('puts file-system errors in words; passes PunieErrors through', () => {
    expect(historyReadFailure(Object.assign(new Error('x'), { code: 'EACCES' }), '/h')).toMatchObject({ code: 'internal', message: 'Could not read the history in /h: permission denied.' });
    const e = new PunieError('unsupported', 'newer');
    expect(historyReadFailure(e, '/h')).toBe(e);
  });
});
