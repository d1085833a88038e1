import { describe, expect, it } from 'vitest';
import { readNumberText } from './number';

describe('readNumberText — why a value is refused', () => {
  it('tells an invisible character inside the number from scientific notation and from other text, so a caller can word its message', () => {
    expect(readNumberText('1\u200B88')).toEqual({ kind: 'invalid', reason: '“1⟨U+200B⟩88”中间含有看不见的字符，请删除后重新填写', problem: '中间含有看不见的字符，请删除后重新填写', cause: 'invisible' });
    expect(readNumberText('1.2E+6')).toMatchObject({ kind: 'invalid', cause: 'exponent' });
    expect(readNumberText('1\u00A088')).toMatchObject({ kind: 'invalid', cause: 'format', reason: '“1⟨U+00A0⟩88”不是数字' });
    expect(readNumberText('约800')).toMatchObject({ kind: 'invalid', cause: 'format' });
  });
});
