/**
 * Runs a callback at the next animation frame, at most once per frame however
 * often it is asked. A hidden window gets no animation frames, so there a
 * short timer stands in (events still apply while the window is hidden).
 */
export function createFrameScheduler(callback: () => void, hiddenDelayMs = 100): { schedule(): void; cancel(): void } {
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const clear = () => {
    if (frame !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = undefined;
    timer = undefined;
  };
  const run = () => {
    clear();
    callback();
  };

  return {
    schedule() {
      if (frame !== undefined || timer !== undefined) return;
      const canAnimate = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible';
      if (canAnimate) {
        frame = requestAnimationFrame(run);
        // A frame can still be withheld (an occluded window): the timer is the backstop.
        timer = setTimeout(run, hiddenDelayMs);
      } else {
        timer = setTimeout(run, typeof document === 'undefined' ? 0 : hiddenDelayMs);
      }
    },
    cancel: clear,
  };
}
