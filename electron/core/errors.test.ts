import { describe, expect, it } from 'vitest';
import { APIUserAbortError } from 'openai';
import { PunieError, isAbortError, toErrorData } from './errors';

describe('isAbortError', () => {
  it('recognises DOM aborts, SDK aborts and aborted PunieErrors', () => {
    const dom = new Error('x');
    dom.name = 'AbortError';
    expect(isAbortError(dom)).toBe(true);
    expect(isAbortError(new APIUserAbortError())).toBe(true);
    expect(isAbortError(new PunieError('aborted', 'Stopped.'))).toBe(true);
  });

  it('does not mistake other failures for aborts', () => {
    expect(isAbortError(new Error('boom'))).toBe(false);
    expect(isAbortError(new PunieError('server-unavailable', 'down'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});

describe('toErrorData', () => {
  it('keeps codes and hints and hides stacks of unknown errors', () => {
    expect(toErrorData(new PunieError('auth-missing', 'Set a key', { hint: 'Settings → Keys' }))).toEqual({
      code: 'auth-missing',
      message: 'Set a key',
      hint: 'Settings → Keys',
    });
    const data = toErrorData(new TypeError('bad thing'));
    expect(data).toEqual({ code: 'internal', message: 'bad thing' });
  });
});
