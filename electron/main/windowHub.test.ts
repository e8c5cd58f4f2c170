import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import type { Logger } from '../core/log';
import { createWindowHub, type WindowTarget } from './windowHub';

const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };
const delta = (d: string): AgentEvent => ({ type: 'text-delta', runId: 'r', delta: d });

function target(kind: 'main' | 'quick') {
  const sent: { channel: string; payload: unknown }[] = [];
  const t: WindowTarget = { kind, send: (channel, payload) => void sent.push({ channel, payload }) };
  return { t, sent };
}

describe('window hub', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives every window its own coalesced agent events', () => {
    const hub = createWindowHub({ log: quiet });
    const a = target('main');
    const b = target('quick');
    hub.attach(a.t);
    hub.attach(b.t);
    // The first delta of a burst goes at once; what follows is coalesced for the sink's window.
    hub.pushAgentEvent(delta('w'));
    hub.pushAgentEvent(delta('x'));
    hub.pushAgentEvent(delta('y'));
    vi.advanceTimersByTime(17);
    const expected = [
      { channel: 'agent.events', payload: [delta('w')] },
      { channel: 'agent.events', payload: [delta('xy')] },
    ];
    expect(a.sent).toEqual(expected);
    expect(b.sent).toEqual(expected);
  });

  it('sends to one kind of window, or to all', () => {
    const hub = createWindowHub({ log: quiet });
    const a = target('main');
    const b = target('quick');
    hub.attach(a.t);
    hub.attach(b.t);
    hub.send('main', 'app.command', { command: 'open-settings' });
    hub.broadcast('conversations.changed', {});
    expect(a.sent.map((s) => s.channel)).toEqual(['app.command', 'conversations.changed']);
    expect(b.sent.map((s) => s.channel)).toEqual(['conversations.changed']);
  });

  it('detaching a window (it closed) stops its sink and its timer', () => {
    const hub = createWindowHub({ log: quiet });
    const a = target('main');
    const detach = hub.attach(a.t);
    hub.pushAgentEvent(delta('sent'));
    hub.pushAgentEvent(delta('pending'));
    expect(vi.getTimerCount()).toBe(1);
    detach();
    expect(vi.getTimerCount()).toBe(0);
    hub.pushAgentEvent(delta('more'));
    hub.broadcast('conversations.changed', {});
    vi.advanceTimersByTime(50);
    expect(a.sent).toEqual([{ channel: 'agent.events', payload: [delta('sent')] }]);
    expect(hub.size()).toBe(0);
  });

  it('detaches a window that can no longer be reached', () => {
    const hub = createWindowHub({ log: quiet });
    hub.attach({ kind: 'main', send: () => { throw new Error('destroyed'); } });
    hub.broadcast('conversations.changed', {});
    expect(hub.size()).toBe(0);
  });
});
