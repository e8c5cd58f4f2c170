import { parseArgs } from 'node:util';
import type { Conversation } from '../../../shared/conversation';
import { branchRuns, storedRuns } from '../../../shared/conversationBranches';
import { EXIT_CODES } from '../../../shared/errors';
import { PunieError } from '../../core/errors';
import { historyReadFailure, openCliHistory } from '../cliHistory';
import { formatHistoryTable } from '../historyTable';
import { inert } from '../inertText';
import { terminalWidth } from '../table';
import type { CliCommand } from './command';

const DEFAULT_LIMIT = 20;

const HELP = `usage: punie history [options]
       punie history ID [--json]

Lists your conversations, newest first: date, id, number of messages,
model and title. Continue one with punie ask --conversation ID "…", or the
latest with punie ask --continue "…".

With an ID, prints that conversation's prompts and answers on its current
branch (the one last switched to in the app, else the one its latest run
is on), each prompt numbered: branch at one with punie ask --conversation
ID --from N "…". --json prints the branch's messages as one JSON object.

options:
      --json          print the list as one JSON array of conversation
                      summaries (id, title, model, workspace, createdAt,
                      updatedAt in epoch ms, messageCount, preview)
  -s, --search WORDS  only conversations whose title, prompts or answers
                      hold every word
  -n, --limit N       at most N conversations (default ${DEFAULT_LIMIT})
  -a, --all           every conversation
      --rebuild-index rebuild the history's index from the logs, print
                      nothing (punie history starts this by itself, in the
                      background, when the index is missing or unreadable)
  -h, --help          this help

Without its index (a first run after an upgrade, a damaged index), the list
is read from each conversation's first and last kilobytes, so a message
count can be an estimate that once; the index is rebuilt in the background.

History is kept in $PUNIE_HOME, else the platform's data folder
(Linux: ~/.local/share/punie, macOS: ~/Library/Application Support/Punie,
Windows: %APPDATA%\\Punie).`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie history --help` for usage.' });

interface HistoryOptions {
  /** A conversation to print (its current branch) instead of the list. */
  id?: string;
  json: boolean;
  search: string;
  limit: number | undefined;
  /** Rebuild the index, print nothing. */
  rebuildIndex?: boolean;
}

export function parseHistoryArgs(argv: readonly string[]): HistoryOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        search: { type: 'string', short: 's' },
        limit: { type: 'string', short: 'n' },
        all: { type: 'boolean', short: 'a', default: false },
        'rebuild-index': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 1) throw usage('give at most one conversation id');
  const id = positionals[0]?.trim();
  if (values.all && values.limit !== undefined) throw usage('use either --limit N or --all, not both');
  let limit: number | undefined = values.all ? undefined : DEFAULT_LIMIT;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw usage(`--limit takes a whole number from 1 up, not "${values.limit}"`);
  }
  if (values['rebuild-index'] && (id || values.json || values.search !== undefined || values.limit !== undefined || values.all)) throw usage('--rebuild-index goes alone');
  return { ...(id ? { id } : {}), json: values.json, search: values.search?.trim() ?? '', limit, ...(values['rebuild-index'] ? { rebuildIndex: true } : {}) };
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'list your conversations (ids for ask --conversation)',
  help: HELP,
  async run(argv, ctx) {
    const options = parseHistoryArgs(argv);
    if (options === 'help') {
      ctx.stdout.write(`${HELP}\n`);
      return EXIT_CODES.ok;
    }
    const history = await openCliHistory({ enabled: true, env: ctx.env, stderr: ctx.stderr });
    const store = history.store;
    if (!store) throw new PunieError('internal', 'The history could not be opened.');
    let rebuildAfter = false;
    try {
      if (options.id !== undefined) {
        const conversation = await store.get(options.id, ctx.signal).catch((e: unknown) => {
          throw historyReadFailure(e, store.layout.root);
        });
        ctx.stdout.write(options.json ? `${JSON.stringify(branchJson(conversation))}\n` : inert(formatBranch(conversation)));
        return EXIT_CODES.ok;
      }
      if (options.rebuildIndex) {
        await store.list({}, ctx.signal).catch((e: unknown) => {
          throw historyReadFailure(e, store.layout.root);
        });
        return EXIT_CODES.ok;
      }
      // Never waits for a missing index: the list from the logs' ends, and the index rebuilt after, apart.
      const { items: all, complete } = await store.listQuick(options.search ? { query: options.search } : {}, ctx.signal).catch((e: unknown) => {
        throw historyReadFailure(e, store.layout.root);
      });
      if (!complete) rebuildAfter = true;
      const shown = options.limit === undefined ? all : all.slice(0, options.limit);
      if (options.json) {
        ctx.stdout.write(`${JSON.stringify(shown)}\n`);
      } else if (all.length === 0) {
        ctx.stderr.write(options.search ? `punie: no conversation matches "${options.search}".\n` : 'punie: no conversations yet. Start one with punie ask "…".\n');
      } else {
        const maxWidth = terminalWidth(ctx.stdout);
        ctx.stdout.write(`${inert(formatHistoryTable(shown, maxWidth === undefined ? {} : { maxWidth }))}\n`);
        if (shown.length < all.length) ctx.stderr.write(`punie: ${all.length - shown.length} older not shown (--limit N or --all).\n`);
      }
      return EXIT_CODES.ok;
    } finally {
      // Closing stops the store's own background rebuild; a detached `punie history --rebuild-index` does it instead.
      await history.close();
      history.printNotices();
      if (rebuildAfter) await ctx.startDetached?.(['history', '--rebuild-index']);
    }
  },
};

/** The current branch as JSON: the conversation's summary and the branch's messages, each prompt with its number. */
function branchJson(c: Conversation): unknown {
  const { messages, trimmedBefore: _trimmed, currentRunId, ...summary } = c;
  const runs = branchRuns(storedRuns(c.id, messages), currentRunId);
  return { ...summary, runs: runs.map((r, i) => ({ n: i + 1, runId: r.runId, messages: r.messages })) };
}

/** The current branch as text: each prompt numbered, its answers under it, where other branches sit. */
function formatBranch(c: Conversation): string {
  const all = storedRuns(c.id, c.messages);
  const siblings = new Map<string, number>();
  for (const r of all) siblings.set(r.parentRunId ?? '', (siblings.get(r.parentRunId ?? '') ?? 0) + 1);
  const lines = [`${c.title || 'Untitled'} (${c.id})${c.workspace ? ` in ${c.workspace}` : ''}`, ''];
  branchRuns(all, c.currentRunId).forEach((run, i) => {
    const others = (siblings.get(run.parentRunId ?? '') ?? 1) - 1;
    for (const m of run.messages) {
      if (m.role === 'user') lines.push(`#${i + 1} you${others > 0 ? ` (${others} other branch${others === 1 ? '' : 'es'} here)` : ''}:`, indent(m.content));
      else if (m.role === 'assistant' && m.content) lines.push('punie:', indent(m.content));
      else if (m.role === 'tool') lines.push(`  [${m.name}${m.denied ? ': denied' : m.isError ? ': failed' : ''}]`);
    }
    lines.push('');
  });
  return `${lines.join('\n')}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
