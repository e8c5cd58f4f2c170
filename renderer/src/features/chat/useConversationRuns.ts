import { useMemo } from 'react';
import type { RunView } from '../../../../shared/runView';
import { useChatStore } from '../../stores/chatStore';
import { useRunsStore } from '../../stores/runsStore';

export interface ConversationRuns {
  runs: RunView[];
  /** A prompt sent whose run has not shown up yet. */
  pending?: string;
  /** The run above which earlier messages were left out of the model's context last time. */
  contextStart?: string;
}

/** The open conversation's runs (live or read from history, all built by the one reducer), oldest first. */
export function useConversationRuns(): ConversationRuns {
  const conversationId = useChatStore((s) => s.conversationId);
  const pending = useChatStore((s) => s.pending);
  const allRuns = useRunsStore((s) => s.runs);
  return useMemo(() => {
    const runs = conversationId ? Object.values(allRuns).filter((r) => r.conversationId === conversationId) : [];
    runs.sort((a, b) => a.startedAt - b.startedAt);
    const started = pending && runs.some((r) => r.live && r.prompt === pending.prompt && r.startedAt >= pending.at - 5_000);
    const contextStart = runs.at(-1)?.contextFrom;
    return { runs, pending: pending && !started ? pending.prompt : undefined, ...(contextStart === undefined ? {} : { contextStart }) };
  }, [conversationId, pending, allRuns]);
}

/** The run of the open conversation that is still going, if any. */
export function activeRunOf(runs: readonly RunView[]): RunView | undefined {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.status === 'running' && runs[i]!.live) return runs[i];
  return undefined;
}
