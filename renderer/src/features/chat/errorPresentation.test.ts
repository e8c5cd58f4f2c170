import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../shared/errors';
import { presentError } from './errorPresentation';

describe('presentError', () => {
  it('gives every error code a title, keeps the message and hint from main', () => {
    for (const code of ERROR_CODES) {
      const p = presentError({ code, message: `message for ${code}`, hint: 'a hint' });
      expect(p.title, code).not.toBe('');
      expect(p.message).toBe(`message for ${code}`);
      expect(p.hint).toBe('a hint');
    }
  });

  it('offers Retry, the servers and the Test model when no server answers', () => {
    const kinds = presentError({ code: 'server-unavailable', message: 'x' }).actions.map((a) => a.kind);
    expect(kinds).toEqual(['retry-servers', 'show-endpoints', 'use-test-model']);
  });

  it('opens the key of the provider that failed', () => {
    expect(presentError({ code: 'auth-missing', message: 'x' }, { provider: 'openai' }).actions[0]).toEqual({
      kind: 'open-keys',
      label: 'Add OpenAI key',
      provider: 'openai',
    });
    expect(presentError({ code: 'auth-failed', message: 'x' }, { provider: 'anthropic' }).actions[0]).toMatchObject({ kind: 'open-keys', provider: 'anthropic' });
  });

  it('treats a stop as information, not a failure', () => {
    expect(presentError({ code: 'aborted', message: 'Stopped.' })).toMatchObject({ tone: 'info', actions: [] });
  });
});
