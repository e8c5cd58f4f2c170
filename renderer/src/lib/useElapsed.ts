import { useEffect, useState } from 'react';

/** Milliseconds since `since`, ticking while it is set; undefined otherwise. */
export function useElapsed(since: number | undefined, intervalMs = 250): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [since, intervalMs]);
  return since === undefined ? undefined : Math.max(0, now - since);
}
