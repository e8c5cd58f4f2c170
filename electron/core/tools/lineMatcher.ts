import vm from 'node:vm';

/**
 * Regular-expression search over lines with a time limit. A pattern from a
 * model can backtrack catastrophically (`(a+)+b`); running the scan through
 * `vm` with a timeout lets V8 interrupt it instead of freezing the process.
 */

export interface CompiledPattern {
  regex: RegExp;
  /** Set when the pattern was not a valid regular expression and is searched as literal text. */
  literalBecause?: string;
}

/** Compiles the model's pattern; `(?i)` at the start means case-insensitive. Invalid patterns become literal text. */
export function compilePattern(pattern: string): CompiledPattern {
  let source = pattern;
  let flags = 'u';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags += 'i';
  }
  try {
    return { regex: new RegExp(source, flags) };
  } catch (uError) {
    try {
      return { regex: new RegExp(source, flags.replace('u', '')) };
    } catch {
      const reason = uError instanceof Error ? uError.message : 'invalid pattern';
      return { regex: new RegExp(source.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), flags), literalBecause: reason };
    }
  }
}

const SCAN = new vm.Script(
  '(() => { const hits = []; for (let i = 0; i < lines.length && hits.length < max; i++) { re.lastIndex = 0; if (re.test(lines[i])) hits.push(i); } return hits; })()',
);

export type ScanResult = { ok: true; hits: number[] } | { ok: false; reason: 'timeout' };

/**
 * A scanner for one pattern: `scan` returns the indexes of the lines it
 * matches, at most `max`, within `timeoutMs`. The sandbox context is made
 * once and reused for every file of a search.
 */
export function createLineScanner(regex: RegExp): (lines: readonly string[], max: number, timeoutMs: number) => ScanResult {
  const sandbox: { re: RegExp; lines: readonly string[]; max: number } = { re: regex, lines: [], max: 0 };
  const context = vm.createContext(sandbox);
  return (lines, max, timeoutMs) => {
    sandbox.lines = lines;
    sandbox.max = max;
    try {
      const hits: unknown = SCAN.runInContext(context, { timeout: timeoutMs });
      return { ok: true, hits: Array.isArray(hits) ? hits.filter((h): h is number => typeof h === 'number') : [] };
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false, reason: 'timeout' };
      throw e;
    } finally {
      sandbox.lines = [];
    }
  };
}
