import { describe, expect, it } from 'vitest';
import { markdownTokens } from './markdownTokens';

describe('benchmark Markdown tokens', () => {
  it('gives exactly the count asked for, the same every time', () => {
    for (const n of [0, 1, 37, 5_000]) expect(markdownTokens(n)).toHaveLength(n);
    expect(markdownTokens(500)).toEqual(markdownTokens(500));
    expect(markdownTokens(500, 7)).not.toEqual(markdownTokens(500));
  });

  it('reads as Markdown with headings, lists and closed code blocks', () => {
    const text = markdownTokens(2_000).join('');
    expect(text).toMatch(/^## /m);
    expect(text).toMatch(/^- \*\*/m);
    expect(text).toContain('```ts\n');
    const fences = text.match(/^```/gm) ?? [];
    expect(fences.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps tokens short, as a model streams them', () => {
    const tokens = markdownTokens(3_000);
    const mean = tokens.join('').length / tokens.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(8);
    expect(tokens.every((t) => t.length > 0)).toBe(true);
  });
});
