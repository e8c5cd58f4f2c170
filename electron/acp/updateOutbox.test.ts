import type { SessionUpdate } from '@agentclientprotocol/sdk';
import { describe, expect, it } from 'vitest';
import { UpdateOutbox } from './updateOutbox';

const text = (t: string): SessionUpdate => ({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: t } });
const thought = (t: string): SessionUpdate => ({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: t } });
const tick = () => new Promise((r) => setImmediate(r));

describe('the update outbox', () => {
  it('chunks of one burst leave as one, in order with everything else, on the next turn of the loop', async () => {
    const sent: SessionUpdate[] = [];
    const outbox = new UpdateOutbox(async (u) => void sent.push(u));
    outbox.push(text('Hel'));
    outbox.push(text('lo'));
    outbox.push(thought('hmm'));
    outbox.push(text('!'));
    outbox.push({ sessionUpdate: 'tool_call', toolCallId: 'c', title: 'Read a' });
    outbox.push(text('a'));
    expect(sent).toEqual([]);
    await tick();
    expect(sent).toEqual([text('Hello'), thought('hmm'), text('!'), { sessionUpdate: 'tool_call', toolCallId: 'c', title: 'Read a' }, text('a')]);
    outbox.push(text('later'));
    await tick();
    expect(sent.at(-1)).toEqual(text('later'));
  });

  it('flush sends at once; drained waits for the last write', async () => {
    let release: () => void = () => undefined;
    const sent: string[] = [];
    const outbox = new UpdateOutbox(
      (u) =>
        new Promise<void>((resolve) => {
          sent.push(u.sessionUpdate);
          release = resolve;
        }),
    );
    outbox.push(text('x'));
    outbox.flush();
    expect(sent).toEqual(['agent_message_chunk']);
    let drained = false;
    void outbox.drained().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    release();
    await tick();
    expect(drained).toBe(true);
  });
});
