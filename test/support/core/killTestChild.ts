/**
 * The child process of conversationStore.kill.test.ts (run with tsx):
 * records one finished conversation, then streams an answer into a second one
 * until it is killed, printing one JSON line to stdout whenever more of the
 * answer has reached the log on disk.
 *
 *   node --import tsx killTestChild.ts <dataDir>
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConversationStore } from '../../../electron/core/store/conversationStore';
import { eventScript } from './eventScript';
import { readConversationLog } from '../../../electron/core/store/readConversationLog';

/** The streamed answer, delta by delta; the parent rebuilds the same text. */
export function killTestDelta(i: number): string {
  return `word${i} `;
}

const MAX_DELTAS = 200_000;

async function main(dataDir: string): Promise<void> {
  const signal = new AbortController().signal;
  const store = new ConversationStore({ dataDir });

  const done = await store.open({ title: '', model: 'test' }, signal);
  const first = eventScript('run-done', done.id);
  store.record(done.id, first.start('A finished question'));
  store.record(done.id, first.text('A finished answer.'));
  store.record(done.id, first.finish('A finished answer.'));
  await store.flush(done.id);

  const { id } = await store.open({ title: '', model: 'test' }, signal);
  const run = eventScript('run-live', id);
  store.record(id, run.start('Explain the project'));
  store.record(id, run.turn(1));
  store.record(id, run.text('Let me read it.'));
  for (const e of run.call('call-1', 'read_file', { path: 'README.md' })) store.record(id, e);
  store.record(id, run.result('call-1', 'read_file', '# Punie'));
  store.record(id, run.turn(2));
  await store.flush(id);
  process.stdout.write(JSON.stringify({ type: 'ready', done: done.id, live: id }) + '\n');

  const path = join(store.layout.conversations, `${id}.jsonl`);
  let onDisk = 0;
  for (let i = 0; i < MAX_DELTAS; i++) {
    store.record(id, run.text(killTestDelta(i)));
    await sleep(5);
    if (i % 10 !== 9) continue;
    const outcome = await readConversationLog(path, id, signal);
    const last = outcome.kind === 'ok' ? outcome.conversation.messages.at(-1) : undefined;
    const length = last?.role === 'assistant' && last.status === 'partial' ? last.content.length : 0;
    if (length > onDisk) {
      onDisk = length;
      process.stdout.write(JSON.stringify({ type: 'disk', length }) + '\n');
    }
  }
}

// Only when run as the program, never when a test imports killTestDelta.
const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const dataDir = process.argv[2];
if (isMain && dataDir) {
  main(dataDir).catch((e: unknown) => {
    process.stderr.write(`kill test child failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
