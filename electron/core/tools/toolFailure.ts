import type { ToolMeta } from '../../../shared/agentEvents';
import type { ErrorCode } from '../../../shared/errors';
import { PunieError } from '../errors';

/**
 * A tool error that carries more than a message: display facts (`meta`) and,
 * when the model should see more than the message (a timed-out command's
 * output), the text to send it.
 */
export class ToolFailure extends PunieError {
  readonly meta: ToolMeta | undefined;
  readonly modelContent: string | undefined;

  constructor(code: ErrorCode, message: string, options: { meta?: ToolMeta; modelContent?: string; hint?: string; cause?: unknown } = {}) {
    super(code, message, { hint: options.hint, cause: options.cause });
    this.name = 'ToolFailure';
    this.meta = options.meta;
    this.modelContent = options.modelContent;
  }
}
