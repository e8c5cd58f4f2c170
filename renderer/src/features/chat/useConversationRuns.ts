import { useMemo } from 'react';
import { useChatStore } from '../../stores/chatStore';
import { useRunsStore } from '../../stores/runsStore';
import { mergeRuns } from './conversationToRuns';
import type { RunView } from './runView';

export interface ConversationRuns {
  runs: RunView[];
  /** A prompt sent whose run has not shown up yet. */
  pending?: string;
}

/** The open conversation: stored history merged with this window's live runs, oldest first. */
export function useConversationRuns(): ConversationRuns {
  const conversationId = useChatStore((s) => s.conversationId);
  const stored = useChatStore((s) => s.stored);
  const pending = useChatStore((s) => s.pending);
  const allRuns = useRunsStore((s) => s.runs);
  return useMemo(() => {
    const live = conversationId ? Object.values(allRuns).filter((r) => r.conversationId === conversationId) : [];
    const runs = mergeRuns(stored, live);
    const started = pending && live.some((r) => r.prompt === pending.prompt && r.startedAt >= pending.at - 5_000);
    return { runs, pending: pending && !started ? pending.prompt : undefined };
  }, [conversationId, stored, pending, allRuns]);
}

/** The run of the open conversation that is still going, if any. */
export function activeRunOf(runs: readonly RunView[]): RunView | undefined {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.status === 'running' && runs[i]!.live) return runs[i];
  return undefined;
}
