/** Longest a DevTools protocol call may take (a full GC or a profile of a busy page included). */
export const CDP_TIMEOUT_MS = 30_000;

/** Resolves as `promise` does, or rejects once `ms` have passed, naming what did not answer. */
export async function bounded<T>(promise: Promise<T>, what: string, ms = CDP_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
