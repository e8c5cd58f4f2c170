import { describe, expect, it } from 'vitest';
import { diffShowsWholeChange, parseUnifiedDiff } from './diffLines';

describe('parseUnifiedDiff', () => {
  it('numbers lines from the hunk header and counts additions and deletions', () => {
    const diff = ['--- a/src/app.ts', '+++ b/src/app.ts', '@@ -10,3 +10,4 @@', ' keep', '-old', '+new', '+added', ' tail', '\\ No newline at end of file', ''].join('\n');
    const parsed = parseUnifiedDiff(diff);
    expect(parsed.added).toBe(2);
    expect(parsed.removed).toBe(1);
    expect(parsed.lines).toEqual([
      { kind: 'file', text: '--- a/src/app.ts' },
      { kind: 'file', text: '+++ b/src/app.ts' },
      { kind: 'hunk', text: '@@ -10,3 +10,4 @@' },
      { kind: 'context', text: 'keep', oldLine: 10, newLine: 10 },
      { kind: 'del', text: 'old', oldLine: 11 },
      { kind: 'add', text: 'new', newLine: 11 },
      { kind: 'add', text: 'added', newLine: 12 },
      { kind: 'context', text: 'tail', oldLine: 12, newLine: 13 },
      { kind: 'note', text: 'No newline at end of file' },
    ]);
  });

  it('skips Index and separator lines the diff package writes', () => {
    const parsed = parseUnifiedDiff('Index: x\n===================================================================\n--- x\n+++ x\n@@ -0,0 +1 @@\n+hello\n');
    expect(parsed.lines.map((l) => l.kind)).toEqual(['file', 'file', 'hunk', 'add']);
  });

  it('knows when a diff shows the whole change: not when Punie cut it, nor past the lines shown', () => {
    expect(diffShowsWholeChange('--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+b\n')).toBe(true);
    expect(diffShowsWholeChange('--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n\\ [not the whole change] The diff is cut here: 10 more characters.\n')).toBe(false);
    const long = `--- /dev/null\n+++ b/x\n@@ -0,0 +1,6000 @@\n${'+line\n'.repeat(6000)}`;
    expect(diffShowsWholeChange(long)).toBe(false);
    expect(parseUnifiedDiff(long).lines.at(-1)).toEqual({ kind: 'note', text: expect.stringContaining('more lines not shown') });
  });
});
