import type { RunStats, Usage } from '../../../shared/agentEvents';

/**
 * Collects a run's figures as it goes: time to first token, output speed,
 * token counts and turns. Times come from one monotonic clock in ms.
 */
export class RunStatsTracker {
  private firstTokenAt: number | undefined;
  private turnOutputAt: number | undefined;
  private generatingMs = 0;
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;
  private turns = 0;

  constructor(
    private readonly startedAt: number,
    private readonly clock: () => number,
  ) {}

  startTurn(): void {
    this.turns++;
    this.turnOutputAt = undefined;
  }

  /** Any output of the model (text, reasoning, a tool call): generation has begun this turn. */
  noteOutput(): void {
    this.turnOutputAt ??= this.clock();
  }

  /** A text or reasoning delta: the first one of the run sets the time to first token. */
  noteToken(): void {
    // Called per token: read the clock only when a time is still to be set.
    if (this.turnOutputAt !== undefined && this.firstTokenAt !== undefined) return;
    const at = this.clock();
    this.turnOutputAt ??= at;
    this.firstTokenAt ??= at;
  }

  addUsage(usage: Usage): void {
    if (usage.inputTokens !== undefined) this.inputTokens = (this.inputTokens ?? 0) + usage.inputTokens;
    if (usage.outputTokens !== undefined) this.outputTokens = (this.outputTokens ?? 0) + usage.outputTokens;
  }

  endTurn(): void {
    if (this.turnOutputAt !== undefined) this.generatingMs += Math.max(0, this.clock() - this.turnOutputAt);
    this.turnOutputAt = undefined;
  }

  snapshot(): RunStats {
    const stats: RunStats = { durationMs: Math.max(0, this.clock() - this.startedAt), turns: this.turns };
    if (this.firstTokenAt !== undefined) stats.ttftMs = Math.max(0, this.firstTokenAt - this.startedAt);
    if (this.inputTokens !== undefined) stats.inputTokens = this.inputTokens;
    if (this.outputTokens !== undefined) {
      stats.outputTokens = this.outputTokens;
      if (this.generatingMs > 0) stats.tokensPerSecond = Math.round((this.outputTokens / (this.generatingMs / 1000)) * 10) / 10;
    }
    return stats;
  }
}
