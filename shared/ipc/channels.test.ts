import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL_NAMES } from './channels';
import { events, EVENT_CHANNELS } from './events';

describe('event channels', () => {
  it('the preload list matches the event map', () => {
    expect([...EVENT_CHANNEL_NAMES].sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('agent.events carries a batch of AgentEvents and refuses anything else', () => {
    expect(events['agent.events'].safeParse([{ type: 'text-delta', runId: 'r', delta: 'x' }]).success).toBe(true);
    expect(events['agent.events'].safeParse([{ type: 'no-such-event', runId: 'r' }]).success).toBe(false);
    expect(events['agent.events'].safeParse({ type: 'text-delta', runId: 'r', delta: 'x' }).success).toBe(false);
  });
});
