import type { StopReason } from '@agentclientprotocol/sdk';
import type { ErrorData } from '../../shared/errors';
import type { TerminalEvent } from '../core/agent/runLoop';

/**
 * How a run's end answers `session/prompt`: a stop reason, or an error the
 * editor shows. The turn bound is a stop reason (`max_turn_requests`), not
 * an error; a stop is `cancelled`; an answer cut by the output limit is
 * `max_tokens`; a server that filtered the answer is a `refusal`.
 */
export function promptOutcome(last: TerminalEvent): { stopReason: StopReason } | { error: ErrorData } {
  switch (last.type) {
    case 'run-abort':
      return { stopReason: 'cancelled' };
    case 'run-error':
      if (last.error.code === 'max-turns') return { stopReason: 'max_turn_requests' };
      if (last.error.code === 'aborted') return { stopReason: 'cancelled' };
      return { error: last.error };
    case 'run-finish':
      switch (last.finishReason) {
        case 'length':
          return { stopReason: 'max_tokens' };
        case 'content-filter':
          return { stopReason: 'refusal' };
        default:
          return { stopReason: 'end_turn' };
      }
  }
}
