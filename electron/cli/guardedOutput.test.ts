import { describe, expect, it } from 'vitest';
import { bufferOutput } from '../../test/support/cli/testIo';
import { guardOutput, guardText } from './guardedOutput';

const ESC = '\u001b';

describe('guarded output', () => {
  it("keeps Punie's colour codes and shows every other control", () => {
    expect(guardText(`${ESC}[32m✓${ESC}[0m read ${ESC}[2J ${ESC}]52;c;eA==\u0007 ${ESC}[1;31mx${ESC}[0m`)).toBe(
      `${ESC}[32m✓${ESC}[0m read ␛[2J ␛]52;c;eA==␇ ${ESC}[1;31mx${ESC}[0m`,
    );
  });

  it('with keepColor false shows colour codes too, and passes isTTY through', () => {
    const raw = bufferOutput(true);
    const out = guardOutput(raw, { keepColor: false });
    out.write(`${ESC}[31mred${ESC}[0m\n`);
    expect(raw.text).toBe('␛[31mred␛[0m\n');
    expect(out.isTTY).toBe(true);
  });
});
