import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import type { EndpointStatus, LocalModel, ServersStatus } from '../../../shared/serverStatus';
import { summarise } from './localChoice';
import { probeServers } from './probeServers';
import { createStatusWatcher, type ProbeRequest, type StatusWatcher, type WatcherClock } from './statusWatcher';

const A = 'http://127.0.0.1:1234/v1';
const B = 'http://127.0.0.1:8080/v1';

/** A clock whose time moves only when the test says. */
function manualClock(): WatcherClock & { advance(ms: number): Promise<void>; delays(): number[] } {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++nextId;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    delays: () => [...timers.values()].map((t) => t.at - now),
    async advance(ms) {
      const until = now + ms;
      await flush();
      for (let i = 0; i < 1000; i++) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

const model = (id: string, loaded: boolean): LocalModel => ({ id, loaded, type: 'llm' });
const up = (url: string, models: LocalModel[], latencyMs = 3): EndpointStatus => ({ url, kind: 'llama.cpp', state: 'online', models, latencyMs, checkedAt: Date.now() });
const down = (url: string): EndpointStatus => ({ url, state: 'offline', models: [], lastError: { code: 'server-unavailable', message: 'Nothing is listening.' }, checkedAt: 0 });

/** A probe that answers from a script; `hold()` makes the next round wait until released. */
function scriptedProbe(next: (request: ProbeRequest) => ServersStatus) {
  const calls: ProbeRequest[] = [];
  let gate: { promise: Promise<void>; release: () => void } | undefined;
  return {
    calls,
    hold() {
      let release = () => {};
      const promise = new Promise<void>((r) => (release = r));
      gate = { promise, release };
      return release;
    },
    probe: async (request: ProbeRequest) => {
      calls.push(request);
      const g = gate;
      gate = undefined;
      if (g) {
        await new Promise<void>((resolve, reject) => {
          if (request.signal.aborted) return reject(new Error('aborted'));
          request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          void g.promise.then(resolve);
        });
      }
      return next(request);
    },
  };
}

const watchers: StatusWatcher[] = [];
const servers: FakeServer[] = [];
afterEach(async () => {
  for (const w of watchers.splice(0)) w.dispose();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function watch(options: Parameters<typeof createStatusWatcher>[0]): StatusWatcher {
  const w = createStatusWatcher(options);
  watchers.push(w);
  return w;
}

describe('statusWatcher: changes', () => {
  it('emits the first status, then only real changes (not latency or timestamps)', async () => {
    const clock = manualClock();
    let loaded = false;
    let latency = 1;
    const script = scriptedProbe((r) => summarise([up(A, [model('m', loaded)], latency++)], clock.now()));
    const w = watch({ endpoints: [A], probe: script.probe, clock, visible: true });
    const seen: ServersStatus[] = [];
    w.subscribe((s) => seen.push(s));
    await clock.advance(0);
    expect(seen.map((s) => s.overall)).toEqual(['no-model']);
    await clock.advance(2_000);
    await clock.advance(2_000);
    expect(script.calls).toHaveLength(3);
    expect(seen).toHaveLength(1);
    expect(w.current()?.endpoints[0]?.latencyMs).toBe(3);
    loaded = true;
    await clock.advance(2_000);
    expect(seen.map((s) => s.overall)).toEqual(['no-model', 'ready']);
    expect(seen[1]!.active).toEqual({ url: A, kind: 'llama.cpp', model: 'm' });
  });

  it('a listener that throws does not stop the others', async () => {
    const clock = manualClock();
    const w = watch({ endpoints: [A], probe: scriptedProbe(() => summarise([down(A)], 0)).probe, clock });
    const seen: string[] = [];
    w.subscribe(() => {
      throw new Error('boom');
    });
    w.subscribe((s) => seen.push(s.overall));
    await clock.advance(0);
    expect(seen).toEqual(['offline']);
  });

  it('passes the kinds it saw as hints for the next round', async () => {
    const clock = manualClock();
    const script = scriptedProbe(() => summarise([up(A, [model('m', true)]), down(B)], 0));
    watch({ endpoints: [A, B], probe: script.probe, clock, visible: true });
    await clock.advance(2_000);
    expect([...script.calls[0]!.kindHints]).toEqual([]);
    expect([...script.calls[1]!.kindHints]).toEqual([[A, 'llama.cpp']]);
  });
});

describe('statusWatcher: timing', () => {
  it('every 15 s unseen, every 2 s while someone looks; a stale status is refreshed at once when they start', async () => {
    const clock = manualClock();
    const script = scriptedProbe(() => summarise([up(A, [model('m', true)])], 0));
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    await clock.advance(0);
    expect(clock.delays()).toEqual([15_000]);
    await clock.advance(5_000);
    w.setVisible(true);
    await clock.advance(0);
    expect(script.calls).toHaveLength(2);
    expect(clock.delays()).toEqual([2_000]);
    w.setVisible(false);
    expect(clock.delays()).toEqual([15_000]);
    await clock.advance(1_000);
    // Looked at again 1 s after the last round: the next is due 1 s later, not now.
    w.setVisible(true);
    expect(script.calls).toHaveLength(2);
    expect(clock.delays()).toEqual([1_000]);
  });

  it('backs off while nothing answers (doubling, up to 4×), and not while someone starts looking', async () => {
    const clock = manualClock();
    let answering = false;
    const script = scriptedProbe(() => summarise([answering ? up(A, [model('m', true)]) : down(A)], 0));
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await clock.advance(delays.at(-1) ?? 0);
      delays.push(clock.delays()[0]!);
    }
    expect(delays).toEqual([15_000, 30_000, 60_000, 60_000, 60_000]);
    w.setVisible(true);
    await clock.advance(0);
    expect(clock.delays()).toEqual([2_000]);
    answering = true;
    await clock.advance(2_000);
    expect(clock.delays()).toEqual([2_000]);
  });

  it('never more than one round in flight: refresh joins the round that is running', async () => {
    const clock = manualClock();
    const script = scriptedProbe(() => summarise([down(A)], 0));
    const release = script.hold();
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    const first = w.refresh(new AbortController().signal);
    const second = w.refresh(new AbortController().signal);
    await clock.advance(60_000);
    expect(script.calls).toHaveLength(1);
    expect(clock.delays()).toEqual([]);
    release();
    expect(await first).toBe(await second);
    expect(clock.delays()).toEqual([15_000]);
  });

  it('new endpoints: probed right after the round in flight, whose stale result is not published', async () => {
    const clock = manualClock();
    const script = scriptedProbe((r) => summarise(r.endpoints.map((u) => up(u, [model('m', true)])), 0));
    const release = script.hold();
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    const seen: ServersStatus[] = [];
    w.subscribe((s) => seen.push(s));
    w.setEndpoints([B]);
    w.setEndpoints([B]);
    release();
    await clock.advance(0);
    expect(script.calls.map((c) => c.endpoints)).toEqual([[A], [B]]);
    expect(seen.map((s) => s.endpoints.map((e) => e.url))).toEqual([[B]]);
  });
});

describe('statusWatcher: status and dispose', () => {
  it('status() waits for the first round, then answers from memory', async () => {
    const clock = manualClock();
    const script = scriptedProbe(() => summarise([down(A)], 0));
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    expect(w.current()).toBeUndefined();
    expect((await w.status(new AbortController().signal)).overall).toBe('offline');
    await w.status(new AbortController().signal);
    expect(script.calls).toHaveLength(1);
  });

  it('a caller that gives up gets aborted; the round goes on for the others', async () => {
    const clock = manualClock();
    const script = scriptedProbe(() => summarise([down(A)], 0));
    const release = script.hold();
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    const controller = new AbortController();
    const mine = w.status(controller.signal);
    controller.abort();
    await expect(mine).rejects.toMatchObject({ code: 'aborted' });
    release();
    expect((await w.refresh(new AbortController().signal)).overall).toBe('offline');
  });

  it('dispose clears every timer, aborts the round in flight and stops emitting', async () => {
    const clock = manualClock();
    const script = scriptedProbe(() => summarise([down(A)], 0));
    const w = watch({ endpoints: [A], probe: script.probe, clock });
    await clock.advance(0);
    expect(clock.delays()).toHaveLength(1);
    script.hold();
    const pending = w.refresh(new AbortController().signal);
    const seen: unknown[] = [];
    w.subscribe((s) => seen.push(s));
    w.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(script.calls.at(-1)!.signal.aborted).toBe(true);
    await clock.advance(120_000);
    expect(clock.delays()).toEqual([]);
    expect(seen).toEqual([]);
    await expect(w.refresh(new AbortController().signal)).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('statusWatcher over real probes', () => {
  it('a server starting and stopping is one change each, and quiet rounds say nothing', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    let rounds = 0;
    let wake = () => {};
    const w = watch({
      endpoints: [url],
      visible: true,
      visibleIntervalMs: 30,
      maxBackoffFactor: 1,
      probe: async (r) => {
        const status = await probeServers({ ...r, requestTimeoutMs: 500 });
        rounds += 1;
        queueMicrotask(() => wake());
        return status;
      },
    });
    const seen: string[] = [];
    w.subscribe((s) => seen.push(s.overall));
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        wake = () => done() && resolve();
        wake();
      });
    await until(() => seen.length === 1);
    const server = await startFakeServer({ profile: 'llama.cpp', port });
    servers.push(server);
    await until(() => seen.length === 2);
    await server.close();
    await until(() => seen.length === 3);
    const after = rounds;
    await until(() => rounds >= after + 3);
    expect(seen).toEqual(['offline', 'ready', 'offline']);
  });
});
