/**
 * A line diff whose time grows with the size of the input, not with the
 * number of changes: common lines at both ends are set aside, lines that
 * occur once on each side anchor the rest (patience diff, a few levels
 * deep), and only the small gaps left between anchors get an exact
 * longest-common-subsequence table. A gap too large for the table, or past
 * the work budget, is shown as removed then added: never minimal at any
 * cost, always complete. Myers' algorithm (jsdiff) needed seconds once a
 * few thousand lines changed, and the preview gave up (issue 11, item 8).
 */

export type LineOp = { kind: 'equal' | 'del' | 'add'; line: string };

/** The largest gap (old lines × new lines) solved exactly. */
const GAP_CELLS = 65_536;
/** Cells all exact gaps may use together, so the total stays linear-ish. */
const TOTAL_CELLS = 8_000_000;
/** How many times a gap is split again on its own unique lines. */
const MAX_DEPTH = 6;

export function diffLineArrays(a: readonly string[], b: readonly string[]): LineOp[] {
  const out: LineOp[] = [];
  const budget = { cells: TOTAL_CELLS };
  diffRange(a, 0, a.length, b, 0, b.length, 0, budget, out);
  return groupChanges(out);
}

function diffRange(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number, depth: number, budget: { cells: number }, out: LineOp[]): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    out.push({ kind: 'equal', line: a[aLo]! });
    aLo++;
    bLo++;
  }
  let suffix = 0;
  while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - 1 - suffix] === b[bHi - 1 - suffix]) suffix++;
  const aEnd = aHi - suffix;
  const bEnd = bHi - suffix;
  const n = aEnd - aLo;
  const m = bEnd - bLo;
  if (n === 0 || m === 0) {
    replaceAll(a, aLo, aEnd, b, bLo, bEnd, out);
  } else if (n * m <= GAP_CELLS && n * m <= budget.cells) {
    budget.cells -= n * m;
    lcsTable(a, aLo, aEnd, b, bLo, bEnd, out);
  } else {
    const anchors = depth < MAX_DEPTH ? uniqueAnchors(a, aLo, aEnd, b, bLo, bEnd) : [];
    if (anchors.length === 0) {
      replaceAll(a, aLo, aEnd, b, bLo, bEnd, out);
    } else {
      let i = aLo;
      let j = bLo;
      for (const [ai, bj] of anchors) {
        diffRange(a, i, ai, b, j, bj, depth + 1, budget, out);
        out.push({ kind: 'equal', line: a[ai]! });
        i = ai + 1;
        j = bj + 1;
      }
      diffRange(a, i, aEnd, b, j, bEnd, depth + 1, budget, out);
    }
  }
  for (let k = aEnd; k < aHi; k++) out.push({ kind: 'equal', line: a[k]! });
}

function replaceAll(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number, out: LineOp[]): void {
  for (let k = aLo; k < aHi; k++) out.push({ kind: 'del', line: a[k]! });
  for (let k = bLo; k < bHi; k++) out.push({ kind: 'add', line: b[k]! });
}

/**
 * Pairs (i, j) of lines that occur exactly once in each range, in the
 * longest order both sides agree on (patience sorting: O(k log k)).
 */
function uniqueAnchors(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number): Array<[number, number]> {
  const counts = new Map<string, { inA: number; inB: number; aAt: number; bAt: number }>();
  for (let i = aLo; i < aHi; i++) {
    const c = counts.get(a[i]!);
    if (c) c.inA++;
    else counts.set(a[i]!, { inA: 1, inB: 0, aAt: i, bAt: -1 });
  }
  for (let j = bLo; j < bHi; j++) {
    const c = counts.get(b[j]!);
    if (c) {
      c.inB++;
      c.bAt = j;
    }
  }
  // Candidates in the order of b, each with its position in a.
  const pairs: Array<[number, number]> = [];
  for (let j = bLo; j < bHi; j++) {
    const c = counts.get(b[j]!);
    if (c && c.inA === 1 && c.inB === 1) pairs.push([c.aAt, j]);
  }
  if (pairs.length === 0) return [];
  // Longest increasing subsequence of the a positions.
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const ai = pairs[k]![0];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![0] < ai) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const chain: Array<[number, number]> = [];
  for (let k = tails[tails.length - 1]!; k >= 0; k = prev[k]!) chain.push(pairs[k]!);
  return chain.reverse();
}

/** An exact longest common subsequence for a small gap (n × m cells). */
function lcsTable(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number, out: LineOp[]): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const w = m + 1;
  // len[i][j]: LCS of a[aLo+i..aHi) and b[bLo+j..bHi).
  const len = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = a[aLo + i] === b[bLo + j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[aLo + i] === b[bLo + j]) {
      out.push({ kind: 'equal', line: a[aLo + i]! });
      i++;
      j++;
    } else if (len[(i + 1) * w + j]! >= len[i * w + j + 1]!) {
      out.push({ kind: 'del', line: a[aLo + i]! });
      i++;
    } else {
      out.push({ kind: 'add', line: b[bLo + j]! });
      j++;
    }
  }
  for (; i < n; i++) out.push({ kind: 'del', line: a[aLo + i]! });
  for (; j < m; j++) out.push({ kind: 'add', line: b[bLo + j]! });
}

/** Within each run of changes, removals first, then additions (as diff and git print them). */
function groupChanges(ops: LineOp[]): LineOp[] {
  const out: LineOp[] = [];
  let dels: LineOp[] = [];
  let adds: LineOp[] = [];
  const flush = () => {
    for (const op of dels) out.push(op);
    for (const op of adds) out.push(op);
    dels = [];
    adds = [];
  };
  for (const op of ops) {
    if (op.kind === 'equal') {
      flush();
      out.push(op);
    } else if (op.kind === 'del') dels.push(op);
    else adds.push(op);
  }
  flush();
  return out;
}
