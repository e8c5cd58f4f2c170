import { describe, expect, it } from 'vitest';
import { routes, ROUTE_NAMES } from './routes';
import { events, EVENT_CHANNELS } from './events';

describe('ipc contracts', () => {
  it('every route has an input and an output schema', () => {
    for (const name of ROUTE_NAMES) {
      expect(routes[name].input, name).toBeDefined();
      expect(routes[name].output, name).toBeDefined();
    }
  });

  it('settings.set takes a patch and fills in no defaults', () => {
    expect(routes['settings.set'].input.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(() => routes['settings.set'].input.parse({ apiKey: 'x' })).toThrow();
  });

  it('app.openExternal accepts only http(s) links', () => {
    expect(routes['app.openExternal'].input.safeParse({ url: 'https://example.com' }).success).toBe(true);
    expect(routes['app.openExternal'].input.safeParse({ url: 'file:///etc/passwd' }).success).toBe(false);
    expect(routes['app.openExternal'].input.safeParse({ url: 'javascript:alert(1)' }).success).toBe(false);
  });

  it('event channels are named', () => {
    expect(EVENT_CHANNELS).toContain('agent.events');
    expect(events['agent.events'].safeParse([{ type: 'text-delta', runId: 'r', delta: 'x' }]).success).toBe(true);
  });
});

import { EVENT_CHANNEL_NAMES } from './channels';

describe('channel names', () => {
  it('the preload list matches the event map', () => {
    expect([...EVENT_CHANNEL_NAMES].sort()).toEqual([...EVENT_CHANNELS].sort());
  });
});
