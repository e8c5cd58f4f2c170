/**
 * The model's search pattern as a regular expression. It runs in a worker
 * with a time limit (regexScanner.ts), never on the process's own thread.
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
