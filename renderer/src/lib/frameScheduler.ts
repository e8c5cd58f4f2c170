/**
 * Runs a callback at an animation frame, at most once per frame however often
 * it is asked. Work that can wait (a streaming answer's next words) is asked
 * for with `urgent: false`: it runs no sooner than `minIntervalMs` after the
 * previous run, so a stream costs the page a render every few frames instead
 * of every frame and the frames in between stay free for scrolling and input.
 * Anything else (`urgent`, the default) goes at the next frame, taking any
 * waiting work with it. A hidden window gets no animation frames, so there a
 * short timer stands in (events still apply while the window is hidden).
 */
export interface FrameScheduler {
  schedule(options?: { urgent?: boolean }): void;
  cancel(): void;
}

export interface FrameSchedulerOptions {
  /** The timer that stands in when no frame comes (default 100 ms). */
  hiddenDelayMs?: number;
  /** Least time between two runs for work that is not urgent (default 0: every frame). */
  minIntervalMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** A frame is about this long; a wait shorter than most of one is left to the frame itself. */
const FRAME_MS = 16;

export function createFrameScheduler(callback: () => void, options: FrameSchedulerOptions = {}): FrameScheduler {
  const hiddenDelayMs = options.hiddenDelayMs ?? 100;
  const minIntervalMs = options.minIntervalMs ?? 0;
  const now = options.now ?? (() => performance.now());
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Not-urgent work waiting for its interval to pass before it asks for a frame. */
  let waiting: ReturnType<typeof setTimeout> | undefined;
  let lastRun = Number.NEGATIVE_INFINITY;

  const clear = () => {
    if (frame !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    if (waiting !== undefined) clearTimeout(waiting);
    frame = undefined;
    timer = undefined;
    waiting = undefined;
  };
  const run = () => {
    clear();
    lastRun = now();
    callback();
  };
  const requestFrame = () => {
    if (frame !== undefined || timer !== undefined) return;
    const canAnimate = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible';
    if (canAnimate) {
      frame = requestAnimationFrame(run);
      // A frame can still be withheld (an occluded window): the timer is the backstop.
      timer = setTimeout(run, hiddenDelayMs);
    } else {
      timer = setTimeout(run, typeof document === 'undefined' ? 0 : hiddenDelayMs);
    }
  };

  return {
    schedule({ urgent = true } = {}) {
      if (frame !== undefined || timer !== undefined) return;
      if (urgent) {
        if (waiting !== undefined) clearTimeout(waiting);
        waiting = undefined;
        requestFrame();
        return;
      }
      if (waiting !== undefined) return;
      // The frame itself takes up to one frame's time: wait the rest of the interval first.
      const wait = lastRun + minIntervalMs - FRAME_MS - now();
      if (wait <= 0) {
        requestFrame();
        return;
      }
      waiting = setTimeout(() => {
        waiting = undefined;
        requestFrame();
      }, wait);
    },
    cancel: clear,
  };
}
