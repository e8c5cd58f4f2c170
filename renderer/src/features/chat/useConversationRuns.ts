import { useMemo } from 'react';
import type { RunView } from '../../../../shared/runView';
import { useChatStore } from '../../stores/chatStore';
import { useRunsStore } from '../../stores/runsStore';
import { branchPath, type BranchInfo } from './branchPath';

export interface ConversationRuns {
  /** The runs of the branch in view, oldest first. */
  runs: RunView[];
  /** For runs in view that have other branches beside them: where they sit. */
  branches: Record<string, BranchInfo>;
  /** A prompt sent whose run has not shown up yet. */
  pending?: string;
  /** The run of this conversation still going, on whichever branch. */
  active?: RunView;
  /** The run above which earlier messages were left out of the model's context last time. */
  contextStart?: string;
}

/** The open conversation's branch in view (runs live or read from history, all built by the one reducer), oldest first. */
export function useConversationRuns(): ConversationRuns {
  const conversationId = useChatStore((s) => s.conversationId);
  const pending = useChatStore((s) => s.pending);
  const choices = useChatStore((s) => s.branchChoices);
  const allRuns = useRunsStore((s) => s.runs);
  return useMemo(() => {
    const mine = conversationId ? Object.values(allRuns).filter((r) => r.conversationId === conversationId) : [];
    const { runs, branches } = branchPath(mine, choices);
    const started = pending && mine.some((r) => r.live && r.prompt === pending.prompt && r.startedAt >= pending.at - 5_000);
    const contextStart = runs.at(-1)?.contextFrom;
    const active = activeRunOf(runs) ?? mine.find((r) => r.status === 'running' && r.live);
    return {
      runs,
      branches,
      pending: pending && !started ? pending.prompt : undefined,
      ...(active === undefined ? {} : { active }),
      ...(contextStart === undefined ? {} : { contextStart }),
    };
  }, [conversationId, pending, choices, allRuns]);
}

/** The run of the open conversation that is still going, if any. */
export function activeRunOf(runs: readonly RunView[]): RunView | undefined {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.status === 'running' && runs[i]!.live) return runs[i];
  return undefined;
}
