import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/**
 * Maps a position in the served renderer bundle back to the source file and
 * line it came from, through the source maps the profiling build writes
 * beside its scripts (`assets/<name>.js.map`). Positions without a map stay
 * as they are.
 */
export type SourceMapper = (url: string, line0: number, column0: number) => { file: string; line: number } | undefined;

export function createSourceMapper(rendererDir: string, root = process.cwd()): SourceMapper {
  const maps = new Map<string, TraceMap | null>();
  const mapFor = (url: string): TraceMap | null => {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return null;
    }
    if (!path.endsWith('.js')) return null;
    if (!maps.has(path)) {
      try {
        maps.set(path, new TraceMap(readFileSync(join(rendererDir, `${path}.map`), 'utf8')));
      } catch {
        maps.set(path, null);
      }
    }
    return maps.get(path) ?? null;
  };
  return (url, line0, column0) => {
    const map = mapFor(url);
    if (!map) return undefined;
    const found = originalPositionFor(map, { line: line0 + 1, column: column0 });
    if (found.source === null || found.line === null) return undefined;
    // Sources are relative to the map's folder; show them from the repository root.
    const source = found.source.startsWith('/') ? found.source : join(rendererDir, 'assets', found.source);
    return { file: relative(root, source), line: found.line };
  };
}
