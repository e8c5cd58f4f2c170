import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationStore } from './conversationStore';
import { killTestDelta } from '../../../test/support/core/killTestChild';

const repoRoot = resolve(import.meta.dirname, '../../..');
const childScript = join(repoRoot, 'test/support/core/killTestChild.ts');
const signal = new AbortController().signal;

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'punie-kill-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

type ChildLine = { type: 'ready'; done: string; live: string } | { type: 'disk'; length: number };

describe('ConversationStore under kill -9', () => {
  it('keeps every earlier message and the streamed answer up to its last commit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => res(sig)));

    let ready: Extract<ChildLine, { type: 'ready' }> | undefined;
    let committed = 0;
    let commits = 0;
    const lines = createInterface({ input: child.stdout });
    for await (const text of lines) {
      const line = JSON.parse(text) as ChildLine;
      if (line.type === 'ready') ready = line;
      else {
        committed = line.length;
        // Several commits in, the child is mid-stream: kill it without warning.
        if (++commits >= 3) {
          child.kill('SIGKILL');
          break;
        }
      }
    }
    lines.close();
    expect(await exited, stderr).toBe('SIGKILL');
    expect(ready).toBeDefined();
    const { done, live } = ready!;

    const store = new ConversationStore({ dataDir });
    try {
      expect((await store.list({}, signal)).map((i) => i.id).sort()).toEqual([done, live].sort());
      expect(store.takeNotices()).toEqual([]);

      const finished = await store.get(done, signal);
      expect(finished.messages.map((m) => [m.role, m.content, m.role === 'assistant' ? m.status : undefined])).toEqual([
        ['user', 'A finished question', undefined],
        ['assistant', 'A finished answer.', 'complete'],
      ]);

      const c = await store.get(live, signal);
      expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
      expect(c.messages[0]).toMatchObject({ content: 'Explain the project' });
      expect(c.messages[1]).toMatchObject({ content: 'Let me read it.', status: 'complete', toolCalls: [{ id: 'call-1', name: 'read_file' }] });
      expect(c.messages[2]).toMatchObject({ toolCallId: 'call-1', content: '# Punie' });

      const partial = c.messages[3];
      expect(partial).toMatchObject({ role: 'assistant', status: 'partial' });
      const content = partial?.content ?? '';
      // At least everything the child saw committed, and nothing that was not streamed.
      expect(content.length).toBeGreaterThanOrEqual(committed);
      let streamed = '';
      for (let i = 0; streamed.length < content.length; i++) streamed += killTestDelta(i);
      expect(content).toBe(streamed.slice(0, content.length));
      expect(content.endsWith(' ')).toBe(true); // whole deltas only

      // The conversation carries on after the crash.
      await store.open({ id: live, title: '', model: 'test' }, signal);
    } finally {
      await store.close();
    }
  });
});
