import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CDPSession } from '@playwright/test';
import { z } from 'zod';
import { bounded } from './rendererBounded';
import type { SourceMapper } from './rendererSourceMap';

/**
 * A CPU profile of the page (CDP Profiler) while the renderer benchmark
 * streams, written as a `.cpuprofile` (open it in Chrome DevTools'
 * Performance panel) and summarised as the functions that took the most
 * time, by self time and by total time, named by their source file and line
 * when a source map is at hand.
 */

const callFrameSchema = z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() });
const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: callFrameSchema, children: z.array(z.number()).optional() })),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()).optional(),
  timeDeltas: z.array(z.number()).optional(),
});
export type CpuProfile = z.infer<typeof profileSchema>;

export interface FunctionTime {
  /** `name (file:line:column)`, or a V8 pseudo-function such as `(garbage collector)`. */
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Sampling interval: fine enough for per-function figures, light enough not to dominate. */
const SAMPLING_US = 250;

export async function startCpuProfile(cdp: CDPSession, mapper?: SourceMapper): Promise<{ stop(dir: string): Promise<string> }> {
  await bounded(cdp.send('Profiler.enable'), 'Profiler.enable');
  await bounded(cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US }), 'Profiler.setSamplingInterval');
  await bounded(cdp.send('Profiler.start'), 'Profiler.start');
  return {
    async stop(dir) {
      const { profile } = z.object({ profile: profileSchema }).parse(await bounded(cdp.send('Profiler.stop'), 'Profiler.stop'));
      await bounded(cdp.send('Profiler.disable'), 'Profiler.disable');
      await mkdir(dir, { recursive: true });
      const path = join(dir, 'renderer-stream.cpuprofile');
      await writeFile(path, JSON.stringify(profile));
      return formatProfileSummary(summariseCpuProfile(profile, mapper), (profile.endTime - profile.startTime) / 1000, path);
    },
  };
}

function frameName(frame: z.infer<typeof callFrameSchema>, mapper?: SourceMapper): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const source = mapper?.(frame.url, frame.lineNumber, frame.columnNumber);
  if (source) return `${name} (${source.file}:${source.line})`;
  const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
  return `${name} (${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1})`;
}

/**
 * Self and total time per function, most self time first. A sample's time is
 * the interval to the next sample; total time counts a function once per
 * sample however deep it recurses.
 */
export function summariseCpuProfile(profile: CpuProfile, mapper?: SourceMapper): FunctionTime[] {
  const parent = new Map<number, number>();
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    nameOf.set(node.id, frameName(node.callFrame, mapper));
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const depthLimit = profile.nodes.length;
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    if (ms <= 0) continue;
    const leaf = samples[i] as number;
    const leafName = nameOf.get(leaf) ?? '(unknown)';
    self.set(leafName, (self.get(leafName) ?? 0) + ms);
    const seen = new Set<string>();
    // Bounded by the number of nodes: a stack is never deeper than the tree.
    for (let id: number | undefined = leaf, depth = 0; id !== undefined && depth < depthLimit; id = parent.get(id), depth++) {
      const name = nameOf.get(id) ?? '(unknown)';
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  return [...total.entries()]
    .map(([name, totalMs]) => ({ name, selfMs: self.get(name) ?? 0, totalMs }))
    .sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs);
}

/** The top functions by self time and by total time, as text for people. */
export function formatProfileSummary(functions: readonly FunctionTime[], profiledMs: number, path: string, top = 15): string {
  const line = (f: FunctionTime) => `  ${f.selfMs.toFixed(0).padStart(7)} ms self ${f.totalMs.toFixed(0).padStart(7)} ms total  ${f.name}`;
  const byTotal = [...functions].filter((f) => f.name !== '(root)').sort((a, b) => b.totalMs - a.totalMs);
  const own = byTotal.filter((f) => f.name.includes('renderer/src/'));
  return [
    `CPU profile of the page during the stream (${(profiledMs / 1000).toFixed(1)} s): ${path}`,
    'by self time:',
    ...functions.filter((f) => f.name !== '(root)').slice(0, top).map(line),
    'by total time:',
    ...byTotal.slice(0, top).map(line),
    ...(own.length ? ['the renderer’s own code (renderer/src) by total time:', ...own.slice(0, top).map(line)] : []),
  ].join('\n');
}
