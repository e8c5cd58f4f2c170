import { describe, expect, it } from 'vitest';
import { localEndpoints, normaliseEndpoint } from './localEndpoints';

describe('localEndpoints', () => {
  it('defaults to LM Studio then 8080', () => {
    expect(localEndpoints({})).toEqual(['http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1']);
  });

  it('is replaced by $PUNIE_LOCAL_ENDPOINTS, normalised and without duplicates', () => {
    expect(localEndpoints({ PUNIE_LOCAL_ENDPOINTS: ' http://127.0.0.1:9000 , HTTP://127.0.0.1:9000/v1/, http://gpu:8080/v1' })).toEqual([
      'http://127.0.0.1:9000/v1',
      'http://gpu:8080/v1',
    ]);
  });

  it('uses the configured list when the variable is unset or blank', () => {
    expect(localEndpoints({ PUNIE_LOCAL_ENDPOINTS: ' ' }, ['http://127.0.0.1:5000'])).toEqual(['http://127.0.0.1:5000/v1']);
  });

  it('rejects an entry that is not a server URL', () => {
    expect(() => normaliseEndpoint('ftp://x')).toThrow(/not a local server URL/);
    expect(() => normaliseEndpoint('http://x/v1/some-model')).toThrow(/not a local server URL/);
  });
});
