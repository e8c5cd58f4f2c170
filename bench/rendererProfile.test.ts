import { describe, expect, it } from 'vitest';
import { formatProfileSummary, summariseCpuProfile, type CpuProfile } from './rendererProfile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '1' });

/**
 * root → render → parse (leaf)
 *      → render → render (recursion) → layout (leaf)
 *      → (idle)
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5] },
    { id: 2, callFrame: frame('render', 'http://127.0.0.1:9/assets/app.js', 10), children: [3, 4] },
    { id: 3, callFrame: frame('parse', 'http://127.0.0.1:9/assets/app.js', 20) },
    { id: 4, callFrame: frame('render', 'http://127.0.0.1:9/assets/app.js', 10), children: [6] },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('layout', 'http://127.0.0.1:9/assets/app.js', 30) },
  ],
  startTime: 0,
  endTime: 10_000,
  // A sample's time is the delta that follows it (µs).
  samples: [3, 3, 6, 5, 6],
  timeDeltas: [0, 1_000, 1_000, 2_000, 3_000],
};

describe('CPU profile summary', () => {
  it('gives each function its self time and its total time, counting recursion once', () => {
    const byName = new Map(summariseCpuProfile(profile).map((f) => [f.name, f]));
    expect(byName.get('parse (app.js:21:1)')).toMatchObject({ selfMs: 2, totalMs: 2 });
    expect(byName.get('layout (app.js:31:1)')).toMatchObject({ selfMs: 2, totalMs: 2 });
    expect(byName.get('(idle)')).toMatchObject({ selfMs: 3, totalMs: 3 });
    // render is on the stack of four samples' worth of time, twice on one of them.
    expect(byName.get('render (app.js:11:1)')).toMatchObject({ selfMs: 0, totalMs: 4 });
  });

  it('sorts by self time and names functions by their source when a map knows them', () => {
    const mapper = (url: string, line0: number) => (url.endsWith('app.js') ? { file: 'renderer/src/App.tsx', line: line0 * 2 } : undefined);
    const summary = summariseCpuProfile(profile, mapper);
    expect(summary[0]?.name).toBe('(idle)');
    expect(summary.map((f) => f.name)).toContain('parse (renderer/src/App.tsx:40)');
  });

  it('prints the top functions and the renderer’s own code', () => {
    const mapper = () => ({ file: 'renderer/src/App.tsx', line: 1 });
    const text = formatProfileSummary(summariseCpuProfile(profile, mapper), 10, '/tmp/x.cpuprofile');
    expect(text).toContain('/tmp/x.cpuprofile');
    expect(text).toContain('by self time:');
    expect(text).toContain('the renderer’s own code (renderer/src) by total time:');
    expect(text).not.toContain('(root)');
  });
});
