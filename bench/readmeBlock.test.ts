import { describe, expect, it } from 'vitest';
import { BENCH_END, BENCH_START, replaceBenchBlock } from './readmeBlock';

describe('README benchmark block', () => {
  const readme = `# Punie\n\n## Benchmarks\n\n${BENCH_START}\n(not run yet)\n${BENCH_END}\n\n## After\n`;

  it('replaces only what is between the markers', () => {
    const { text, replaced } = replaceBenchBlock(readme, '| a |\n|---|\n| 1 |\n\n');
    expect(replaced).toBe(true);
    expect(text).toBe(`# Punie\n\n## Benchmarks\n\n${BENCH_START}\n| a |\n|---|\n| 1 |\n${BENCH_END}\n\n## After\n`);
  });

  it('gives the same text when run twice with the same content', () => {
    const once = replaceBenchBlock(readme, 'table').text;
    expect(replaceBenchBlock(once, 'table').text).toBe(once);
  });

  it('keeps CRLF line endings', () => {
    const crlf = readme.replace(/\n/g, '\r\n');
    const { text } = replaceBenchBlock(crlf, 'a\nb');
    expect(text).toContain(`${BENCH_START}\r\na\r\nb\r\n${BENCH_END}`);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('leaves the text alone when a marker is missing, misplaced or repeated', () => {
    const cases = [
      readme.replace(BENCH_END, ''),
      readme.replace(BENCH_START, ''),
      `${BENCH_END}\n${BENCH_START}\n`,
      `${readme}\n${BENCH_START}\n`,
    ];
    for (const text of cases) expect(replaceBenchBlock(text, 'x')).toEqual({ text, replaced: false });
  });
});
