/**
 * Notices a model stuck repeating the same failing tool call. Each failure
 * kind is counted per call, once per model answer (the loop sees to that);
 * a success of that call clears it. When one call has failed `limit`
 * answers in a row, the run should end.
 */
export class RepeatedFailures {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit = 3) {}

  /** Records a failure; true when this call has now failed `limit` times in a row. */
  fail(key: string): boolean {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n >= this.limit;
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.counts.delete(key);
  }
}

/**
 * The key a failing call is counted under. Malformed calls to a tool count
 * together (the model cannot form a valid call), so do calls to the same
 * unknown tool; a call that ran and failed counts by its exact arguments.
 */
export function failureKey(kind: 'unknown-tool' | 'malformed' | 'failed', name: string, args?: unknown): string {
  if (kind !== 'failed') return `${kind}:${name}`;
  return `failed:${name}:${canonicalJson(args)}`;
}

/** JSON with object keys sorted, so the same arguments in another order count as the same call. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? 'undefined';
}
