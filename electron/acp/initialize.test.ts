import { describe, expect, it } from 'vitest';
import { clientOffers, initializeResponse } from './initialize';

describe('initialize', () => {
  it('answers protocol v1 whatever the client asks, with what Punie does', () => {
    const response = initializeResponse({ protocolVersion: 7 }, { version: '1.2.3' });
    expect(response.protocolVersion).toBe(1);
    expect(response.agentCapabilities?.promptCapabilities).toEqual({ image: false, audio: false, embeddedContext: true });
    expect(response.agentInfo).toEqual({ name: 'punie', title: 'Punie', version: '1.2.3' });
  });

  it('reads what the client offers; anything missing is not offered', () => {
    expect(clientOffers({ fs: { readTextFile: true, writeTextFile: false }, terminal: true })).toEqual({ readTextFile: true, writeTextFile: false, terminal: true });
    expect(clientOffers(undefined)).toEqual({ readTextFile: false, writeTextFile: false, terminal: false });
  });
});
