import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from './conversation';
import { branchMessages, storedRuns } from './conversationBranches';

const prompt = (id: string, parentRunId?: string | null): ConversationMessage => ({ role: 'user', id, content: id, createdAt: 1, runId: `r-${id}`, ...(parentRunId === undefined ? {} : { parentRunId }) });
const answer = (id: string): ConversationMessage => ({ role: 'assistant', id, content: id, createdAt: 2, status: 'complete' });

describe('conversation branches', () => {
  it('reads history written before branches as one line: each prompt follows the run before it', () => {
    const old: ConversationMessage[] = [
      { role: 'user', id: 'u1', content: 'one', createdAt: 1 },
      answer('a1'),
      { role: 'user', id: 'u2', content: 'two', createdAt: 3 },
      answer('a2'),
    ];
    expect(storedRuns('c', old).map((r) => [r.runId, r.parentRunId])).toEqual([
      ['stored:c:u1', undefined],
      ['stored:c:u2', 'stored:c:u1'],
    ]);
    expect(branchMessages('c', old)).toEqual(old);
  });

  it('follows the branch of the latest run, or of the run asked for; null is the start', () => {
    const log = [prompt('u1', null), answer('a1'), prompt('u2', 'r-u1'), answer('a2'), prompt('u3', 'r-u1'), answer('a3'), prompt('u4', 'r-u2'), answer('a4')];
    expect(branchMessages('c', log).map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2', 'u4', 'a4']);
    expect(branchMessages('c', log, 'r-u3').map((m) => m.id)).toEqual(['u1', 'a1', 'u3', 'a3']);
    expect(branchMessages('c', log, null)).toEqual([]);
  });

  it('ends on a cycle a damaged log could make', () => {
    const log = [prompt('u1', 'r-u2'), prompt('u2', 'r-u1')];
    expect(branchMessages('c', log).map((m) => m.id)).toEqual(['u1', 'u2']);
  });
});
