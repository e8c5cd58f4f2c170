import type { ModelRef } from '../../../../shared/agentEvents';
import type { ErrorCode, ErrorData } from '../../../../shared/errors';
import type { SecretProvider } from '../../../../shared/ipc/routes';

/**
 * Every error code as something a person can act on: a title, the message
 * from main, and the actions that fix it (retry the servers, open the guide,
 * add the missing key, pick another model…). Exhaustive over ErrorCode, so a
 * new code does not compile until it has a presentation.
 */
export type ErrorAction =
  | { kind: 'retry-servers'; label: string }
  | { kind: 'show-endpoints'; label: string }
  | { kind: 'use-test-model'; label: string }
  | { kind: 'pick-model'; label: string }
  | { kind: 'open-keys'; label: string; provider: SecretProvider }
  | { kind: 'retry-prompt'; label: string }
  | { kind: 'pick-workspace'; label: string }
  | { kind: 'relocate-workspace'; label: string }
  | { kind: 'open-settings'; label: string }
  | { kind: 'new-conversation'; label: string };

export interface ErrorPresentation {
  title: string;
  message: string;
  hint?: string;
  tone: 'error' | 'warning' | 'info';
  actions: ErrorAction[];
}

export interface ErrorContext {
  /** The provider of the model that failed (which key is missing). */
  provider?: ModelRef['provider'];
}

const retry: ErrorAction = { kind: 'retry-prompt', label: 'Try again' };
const pickModel: ErrorAction = { kind: 'pick-model', label: 'Choose another model' };

export function presentError(error: ErrorData, context: ErrorContext = {}): ErrorPresentation {
  const base = { message: error.message, hint: error.hint };
  const provider: SecretProvider = context.provider === 'openai' ? 'openai' : 'anthropic';
  const providerName = provider === 'openai' ? 'OpenAI' : 'Anthropic';
  const code: ErrorCode = error.code;
  switch (code) {
    case 'invalid-spec':
      return { ...base, title: 'That model name is not valid', tone: 'error', actions: [pickModel] };
    case 'invalid-input':
      return { ...base, title: 'Punie could not accept that', tone: 'error', actions: [] };
    case 'server-unavailable':
      return {
        ...base,
        title: 'No local model server answers',
        tone: 'error',
        actions: [
          { kind: 'retry-servers', label: 'Check again' },
          { kind: 'show-endpoints', label: 'Show servers' },
          { kind: 'use-test-model', label: 'Use the Test model' },
        ],
      };
    case 'model-not-loaded':
      return { ...base, title: 'The model is not loaded', tone: 'warning', actions: [pickModel, retry] };
    case 'model-not-found':
      return { ...base, title: 'The server does not have that model', tone: 'error', actions: [pickModel, { kind: 'retry-servers', label: 'Refresh servers' }] };
    case 'auth-missing':
      return { ...base, title: `An ${providerName} API key is needed`, tone: 'warning', actions: [{ kind: 'open-keys', label: `Add ${providerName} key`, provider }, pickModel] };
    case 'auth-failed':
      return { ...base, title: `${providerName} refused the API key`, tone: 'error', actions: [{ kind: 'open-keys', label: 'Replace the key', provider }, pickModel] };
    case 'context-overflow':
      return {
        ...base,
        title: 'The conversation is too long for this model',
        tone: 'warning',
        actions: [{ kind: 'new-conversation', label: 'Start a new conversation' }, pickModel],
      };
    case 'rate-limited':
      return { ...base, title: 'The provider is limiting requests', tone: 'warning', actions: [retry] };
    case 'stream-broken':
      return { ...base, title: 'The answer was cut off', tone: 'error', actions: [retry] };
    case 'stream-too-large':
      return { ...base, title: 'The server sent more than an answer can hold', tone: 'error', actions: [retry, { kind: 'show-endpoints', label: 'Show servers' }] };
    case 'server-error':
      return { ...base, title: 'The model server had a problem', tone: 'error', actions: [retry, { kind: 'show-endpoints', label: 'Show servers' }] };
    case 'bad-request':
      return { ...base, title: 'The server refused the request', tone: 'error', actions: [pickModel, retry] };
    case 'permission-denied':
      return { ...base, title: 'Permission denied', tone: 'info', actions: [] };
    case 'outside-workspace':
      return { ...base, title: 'That is outside the workspace', tone: 'warning', actions: [{ kind: 'pick-workspace', label: 'Change workspace' }] };
    case 'workspace-missing':
      return {
        ...base,
        title: 'This conversation’s folder is gone',
        tone: 'warning',
        actions: [{ kind: 'relocate-workspace', label: 'Pick the folder again' }, { kind: 'new-conversation', label: 'Start a new conversation' }],
      };
    case 'tool-failed':
      return { ...base, title: 'A tool failed', tone: 'error', actions: [retry] };
    case 'tool-timeout':
      return { ...base, title: 'A tool took too long', tone: 'error', actions: [retry] };
    case 'invalid-tool-call':
      return {
        ...base,
        title: 'The model could not call its tools correctly',
        hint: error.hint ?? 'Models trained for tool use (marked “tools” in the picker) do this better.',
        tone: 'error',
        actions: [pickModel, retry],
      };
    case 'max-turns':
      return {
        ...base,
        title: 'The agent reached its turn limit',
        tone: 'warning',
        actions: [{ kind: 'retry-prompt', label: 'Continue' }, { kind: 'open-settings', label: 'Change the limit' }],
      };
    case 'aborted':
      return { ...base, title: 'Stopped', tone: 'info', actions: [] };
    case 'forbidden-sender':
      return { ...base, title: 'Punie refused a request from this window', tone: 'error', actions: [] };
    case 'not-found':
      return { ...base, title: 'Not found', tone: 'error', actions: [{ kind: 'new-conversation', label: 'Start a new conversation' }] };
    case 'conflict':
      return { ...base, title: 'Something changed in the meantime', tone: 'warning', actions: [retry] };
    case 'conversation-in-use':
      return { ...base, title: 'Another Punie process is writing this conversation', tone: 'warning', actions: [{ kind: 'new-conversation', label: 'Start a new conversation' }] };
    case 'unsupported':
      return { ...base, title: 'Not supported here', tone: 'error', actions: [] };
    case 'internal':
      return { ...base, title: 'Something went wrong inside Punie', tone: 'error', actions: [retry] };
  }
}
