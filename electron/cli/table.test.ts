import { describe, expect, it } from 'vitest';
import { formatTable, terminalWidth } from './table';
import { textWidth } from './textWidth';

const columns = [{ header: 'ID' }, { header: 'N', align: 'right' as const }, { header: 'TITLE', shrinkOrder: 1 }];

/** The display column where `needle` starts in `line`. */
const columnOf = (line: string, needle: string) => textWidth(line.slice(0, line.indexOf(needle)));

describe('formatTable', () => {
  it('aligns columns by display width, CJK and emoji included', () => {
    const lines = formatTable(
      [{ header: 'NAME' }, { header: 'STATE' }],
      [
        ['修复登录页', 'done'],
        ['🚀 launch', 'open'],
        ['plain', 'open'],
      ],
    );
    expect(lines).toEqual(['NAME        STATE', '修复登录页  done', '🚀 launch   open', 'plain       open']);
    for (const line of lines.slice(1)) expect(columnOf(line, line.trim().split(/\s{2,}/)[1]!)).toBe(12);
  });

  it('right-aligns numbers', () => {
    expect(formatTable(columns, [['a', '7', 't'], ['b', '123', 'u']])).toEqual(['ID    N  TITLE', 'a     7  t', 'b   123  u']);
  });

  it('cuts the flexible column so every line fits the terminal, never the fixed ones', () => {
    const rows = [['conversation-id-1', '12', '一个很长的标题，说明这个对话做了什么 and more words'], ['id-2', '3', 'short']];
    const lines = formatTable(columns, rows, { maxWidth: 40 });
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(40);
    expect(lines[1]).toMatch(/^conversation-id-1/);
    expect(lines[1]).toMatch(/…$/);
    expect(lines[2]).toMatch(/short$/);
  });

  it('cuts in order, down to a floor, and leaves lines long rather than cut an id', () => {
    const lines = formatTable(
      [{ header: 'ID' }, { header: 'MODEL', shrinkOrder: 2 }, { header: 'TITLE', shrinkOrder: 1, minWidth: 10 }],
      [['x'.repeat(30), 'qwen/qwen3-coder-30b-a3b-instruct', 'T'.repeat(40)]],
      { maxWidth: 50 },
    );
    const [, row] = lines;
    expect(row!.startsWith('x'.repeat(30))).toBe(true);
    // The title went to its floor first (10), then the model to its floor (8): 30 + 2 + 8 + 2 + 10 = 52, still over 50 and left so.
    expect(row).toBe(`${'x'.repeat(30)}  qwen/qw…  ${'T'.repeat(9)}…`);
  });

  it('does not cut when there is no terminal width (a pipe)', () => {
    const long = 'word '.repeat(40).trim();
    expect(formatTable(columns, [['a', '1', long]])[1]).toBe(`a   1  ${long}`);
  });

  it('puts an indent before every line', () => {
    expect(formatTable([{ header: 'A' }], [['x']], { indent: '  ' })).toEqual(['  A', '  x']);
  });
});

describe('terminalWidth', () => {
  it('is the terminal’s columns only when writing to a terminal', () => {
    expect(terminalWidth({ isTTY: true, columns: 100 })).toBe(100);
    expect(terminalWidth({ isTTY: false, columns: 100 })).toBeUndefined();
    expect(terminalWidth({})).toBeUndefined();
  });
});
