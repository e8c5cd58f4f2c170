/**
 * The README's benchmark table lives between two markers; `npm run bench`
 * replaces what is between them and nothing else.
 */

export const BENCH_START = '<!-- bench:start -->';
export const BENCH_END = '<!-- bench:end -->';

/**
 * Puts `content` between the markers, keeping the markers and everything
 * outside them byte for byte. When either marker is missing, or they are
 * out of order, or one appears twice, the text comes back unchanged with
 * `replaced: false`.
 */
export function replaceBenchBlock(readme: string, content: string): { text: string; replaced: boolean } {
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  const twice = readme.indexOf(BENCH_START, start + 1) !== -1 || readme.indexOf(BENCH_END, end + 1) !== -1;
  if (start === -1 || end === -1 || end < start || twice) return { text: readme, replaced: false };
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const body = content.replace(/\r?\n/g, eol).replace(/\s+$/, '');
  const text = readme.slice(0, start + BENCH_START.length) + eol + body + eol + readme.slice(end);
  return { text, replaced: true };
}
