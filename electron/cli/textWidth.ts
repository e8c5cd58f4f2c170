/**
 * How many terminal columns text takes: CJK and fullwidth characters and
 * emoji take two, combining marks and zero-width characters none, a grapheme
 * cluster (a flag, a family emoji, a letter with its accents) counts once.
 * What terminals do (wcwidth with Unicode's East Asian Width), without a
 * table of every code point: the wide ranges below, and emoji from Unicode's
 * own properties as JavaScript's regular expressions know them.
 */

/** East Asian Wide and Fullwidth blocks (Unicode 15), first and last code point. */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x1aff0, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK Extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK Extensions G–H
];

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC_WITH_VS16 = /\p{Extended_Pictographic}\uFE0F/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;
/** Marks, format characters (ZWJ, zero-width space, bidi marks, BOM) and variation selectors take no column of their own. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\uFE00-\uFE0F]$/u;
const CONTROL = /^[\u0000-\u001f\u007f-\u009f]$/u;

let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return [...segmenter.segment(text)].map((s) => s.segment);
}

function isWideCodePoint(cp: number): boolean {
  for (const [first, last] of WIDE_RANGES) {
    if (cp < first) return false;
    if (cp <= last) return true;
  }
  return false;
}

/** The columns one grapheme cluster takes: 0, 1 or 2. */
export function graphemeWidth(cluster: string): number {
  const first = cluster.codePointAt(0);
  if (first === undefined) return 0;
  const head = String.fromCodePoint(first);
  if (CONTROL.test(head)) return 0;
  if (cluster.length === head.length && ZERO_WIDTH.test(head)) return 0;
  if (EMOJI_PRESENTATION.test(cluster) || PICTOGRAPHIC_WITH_VS16.test(cluster) || REGIONAL_INDICATOR.test(head)) return 2;
  return isWideCodePoint(first) ? 2 : 1;
}

/** The columns `text` takes on one terminal line (no newlines expected). */
export function textWidth(text: string): number {
  // Plain ASCII, the common case, needs no segmenting.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const cluster of graphemes(text)) width += graphemeWidth(cluster);
  return width;
}

/** `text` cut to at most `max` columns, ending in `…` when cut; never splits a grapheme or a wide character. */
export function clipToWidth(text: string, max: number): string {
  if (max <= 0) return '';
  if (textWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const cluster of graphemes(text)) {
    const w = graphemeWidth(cluster);
    if (width + w > max - 1) break;
    out += cluster;
    width += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns, on the right (`end`) or the left (`start`). */
export function padToWidth(text: string, width: number, side: 'end' | 'start' = 'end'): string {
  const gap = Math.max(0, width - textWidth(text));
  return side === 'end' ? text + ' '.repeat(gap) : ' '.repeat(gap) + text;
}
