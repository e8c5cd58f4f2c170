import type { AgentEvent, ModelRef, RunStats } from '../../../shared/agentEvents';
import type { ErrorCode } from '../../../shared/errors';

/**
 * Scripted runs for the stand-in main: what a real run emits, step by step.
 * A step emits events after a short delay, or asks for permission and
 * continues down the branch the user chose.
 */
type WithoutRunId<E> = E extends unknown ? Omit<E, 'runId'> : never;
export type EventDraft = WithoutRunId<AgentEvent>;

export type Step =
  | { kind: 'emit'; events: EventDraft[]; delayMs: number }
  | {
      kind: 'ask';
      requestId: string;
      callId: string;
      tool: string;
      args: Record<string, unknown>;
      summary: string;
      diff?: string;
      program?: string;
      onAllow: Step[];
      onDeny: Step[];
    }
  /** Waits until the run is aborted (a run still in flight when the window reloads). */
  | { kind: 'hold' };

export type Script = (context: { prompt: string; model: ModelRef; conversationId: string; workspace?: string }) => Step[];

const emit = (events: EventDraft[], delayMs = 12): Step => ({ kind: 'emit', events, delayMs });

export function stats(extra: Partial<RunStats> = {}): RunStats {
  return { ttftMs: 412, tokensPerSecond: 38.6, durationMs: 4_870, inputTokens: 1_284, outputTokens: 312, turns: 1, ...extra };
}

/** Text in small deltas, as a server streams it. */
export function streamText(text: string, chunk = 10, delayMs = 12, type: 'text-delta' | 'reasoning-delta' = 'text-delta'): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < text.length; i += chunk) steps.push(emit([{ type, delta: text.slice(i, i + chunk) }], delayMs));
  return steps;
}

function toolCall(callId: string, name: string, args: Record<string, unknown>): Step[] {
  const argsText = JSON.stringify(args);
  const half = Math.ceil(argsText.length / 2);
  return [
    emit([{ type: 'tool-call-start', callId, name }]),
    emit([{ type: 'tool-call-args-delta', callId, delta: argsText.slice(0, half) }]),
    emit([{ type: 'tool-call-args-delta', callId, delta: argsText.slice(half) }]),
    emit([{ type: 'tool-call-ready', callId, name, args, argsText }]),
  ];
}

const finish = (text: string, extra: Partial<RunStats> = {}): Step => emit([{ type: 'usage', usage: { inputTokens: 1_284, outputTokens: 312 } }, { type: 'run-finish', finishReason: 'stop', text, stats: stats(extra) }]);

export const MARKDOWN_ANSWER = [
  'The forecast module fetches data **once per hour** and caches it in memory. Three things stand out:',
  '',
  '1. `fetchForecast()` retries on *any* error, including 404s.',
  '2. The cache key ignores the units, so switching to °F shows stale °C values.',
  '3. There is no timeout on the request.',
  '',
  'A minimal fix for the cache key:',
  '',
  '```ts',
  'export function cacheKey(city: string, units: Units): string {',
  '  // Units are part of the answer, so they belong in the key.',
  '  return `${city.toLowerCase()}:${units}`;',
  '}',
  '```',
  '',
  '| File | Lines | Issue |',
  '| --- | ---: | --- |',
  '| `src/forecast.ts` | 42 | retries on 404 |',
  '| `src/cache.ts` | 17 | key ignores units |',
  '',
  'See the [MDN page on AbortSignal.timeout](https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static) for the timeout.',
].join('\n');

export const REASONING = 'The user wants a review of the forecast module. I should look at the fetch, the cache and error handling, then suggest the smallest fix.';

export const answerScript: Script = () => [...streamText(REASONING, 16, 8, 'reasoning-delta'), ...streamText(MARKDOWN_ANSWER, 12, 10), finish(MARKDOWN_ANSWER)];

/** A long answer streamed slowly: long enough to stop midway. */
export const slowScript: Script = () => {
  const paragraph = 'Reading through the code base one module at a time, noting what each one does and how they depend on each other. ';
  return [...streamText(paragraph.repeat(40), 6, 60), finish(paragraph.repeat(40))];
};

const NOTES = '# Notes\n\n- Ship the cache fix\n- Add a timeout to fetchForecast\n';

export const readScript: Script = () => [
  ...streamText('Let me look at the notes first.'),
  ...toolCall('call_read', 'read_file', { path: 'notes.md' }),
  emit([{ type: 'tool-result', callId: 'call_read', name: 'read_file', content: NOTES, meta: { path: 'notes.md', lines: 4, bytes: NOTES.length }, durationMs: 3 }], 40),
  ...toolCall('call_list', 'list_files', { path: 'src', glob: '*.ts' }),
  emit(
    [
      {
        type: 'tool-result',
        callId: 'call_list',
        name: 'list_files',
        content: 'src/app.ts\nsrc/cache.ts\nsrc/forecast.ts\nsrc/units.ts',
        meta: { files: 4 },
        durationMs: 6,
      },
    ],
    40,
  ),
  emit([{ type: 'turn-start', turn: 2 }]),
  ...streamText('`notes.md` lists two tasks: **ship the cache fix** and **add a timeout to `fetchForecast`**. Both live in `src/`.'),
  finish('notes.md lists two tasks.', { turns: 2 }),
];

export const WRITE_DIFF = [
  '--- a/src/cache.ts',
  '+++ b/src/cache.ts',
  '@@ -14,7 +14,7 @@ import type { Units } from "./units";',
  ' ',
  ' export function cacheKey(city: string, units: Units): string {',
  '-  return city.toLowerCase();',
  '+  // Units are part of the answer, so they belong in the key.',
  '+  return `${city.toLowerCase()}:${units}`;',
  ' }',
  ' ',
  ' export const cache = new Map<string, Forecast>();',
  '',
].join('\n');

export const writeScript: Script = () => {
  const args = { path: 'src/cache.ts', old_text: '  return city.toLowerCase();', new_text: '  // Units are part of the answer, so they belong in the key.\n  return `${city.toLowerCase()}:${units}`;' };
  return [
    ...streamText('I will put the units into the cache key.'),
    ...toolCall('call_edit', 'edit_file', args),
    {
      kind: 'ask',
      requestId: 'perm_edit',
      callId: 'call_edit',
      tool: 'edit_file',
      args,
      summary: 'Edit src/cache.ts',
      diff: WRITE_DIFF,
      onAllow: [
        emit([{ type: 'tool-result', callId: 'call_edit', name: 'edit_file', content: 'Edited src/cache.ts (1 replacement).', meta: { path: 'src/cache.ts', diff: WRITE_DIFF }, durationMs: 9 }], 60),
        emit([{ type: 'turn-start', turn: 2 }]),
        ...streamText('Done: `cacheKey` now includes the units, so switching to °F no longer shows cached °C values.'),
        finish('Done.', { turns: 2 }),
      ],
      onDeny: [
        emit(
          [
            {
              type: 'tool-error',
              callId: 'call_edit',
              name: 'edit_file',
              error: { code: 'permission-denied', message: 'Permission denied by the user.' },
              content: 'Permission denied by the user.',
              denied: true,
              durationMs: 0,
            },
          ],
          40,
        ),
        emit([{ type: 'turn-start', turn: 2 }]),
        ...streamText('Understood — I left `src/cache.ts` unchanged. The fix is the one-line change shown above if you want to apply it yourself.'),
        finish('Left unchanged.', { turns: 2 }),
      ],
    },
  ];
};

const TEST_OUTPUT = [
  '> weather-app@1.0.0 test',
  '> vitest run',
  '',
  ' ✓ src/units.test.ts (4 tests) 3ms',
  ' ✗ src/cache.test.ts (2 tests | 1 failed) 5ms',
  '   × keeps °C and °F apart',
  "     → expected '21' to be '70'",
  '',
  ' Test Files  1 failed | 1 passed (2)',
  '      Tests  1 failed | 5 passed (6)',
].join('\n');

export const commandScript: Script = () => {
  const args = { command: 'npm', args: ['test'] };
  return [
    ...streamText('Running the tests to see what fails.'),
    ...toolCall('call_run', 'run_command', args),
    {
      kind: 'ask',
      requestId: 'perm_run',
      callId: 'call_run',
      tool: 'run_command',
      args,
      summary: 'Run npm test',
      program: 'npm',
      onAllow: [
        emit(
          [
            {
              type: 'tool-error',
              callId: 'call_run',
              name: 'run_command',
              error: { code: 'tool-failed', message: 'npm exited with code 1.' },
              content: TEST_OUTPUT,
              meta: { exitCode: 1, bytes: TEST_OUTPUT.length },
              durationMs: 2_340,
            },
          ],
          300,
        ),
        emit([{ type: 'turn-start', turn: 2 }]),
        ...streamText('One test fails: `keeps °C and °F apart`. That is the cache-key bug — want me to fix it?'),
        finish('One test fails.', { turns: 2 }),
      ],
      onDeny: [
        emit([
          {
            type: 'tool-error',
            callId: 'call_run',
            name: 'run_command',
            error: { code: 'permission-denied', message: 'Permission denied by the user.' },
            content: 'Permission denied by the user.',
            denied: true,
            durationMs: 0,
          },
        ]),
        ...streamText('OK, I will not run the tests.'),
        finish('OK.'),
      ],
    },
  ];
};

/** A run that ends with an error of this code, after a little text. */
export function errorScript(code: ErrorCode, message: string, hint?: string): Script {
  return () => [
    ...(code === 'stream-broken' ? streamText('The forecast module fetches data once per') : []),
    emit([{ type: 'run-error', error: hint ? { code, message, hint } : { code, message }, partialText: code === 'stream-broken' ? 'The forecast module fetches data once per' : '' }], 40),
  ];
}

/** A run that stays in flight until aborted. */
export const holdScript: Script = () => [...streamText('Still working on the first part of the answer'), { kind: 'hold' }];
