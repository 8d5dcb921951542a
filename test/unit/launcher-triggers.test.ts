/** The launcher's `?rsw-code=` trigger loads the box exactly for the links whose code the box will read whole. */
import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, normalizeCode } from '../../src/widget/format.js';
import { linkedCode } from '../../src/widget/launcher/triggers.js';

describe('linkedCode', () => {
  it.each(['123456', '123 456', '123-456', '１２３４５６', '١٢٣٤٥٦', '۱۲۳ ۴۵۶', '१२३४५६', '①②③④⑤⑥', '0987654321', '12345', '１２３４５', 'abc', ''])(
    'agrees with normalizeCode for %j',
    (code) => {
      const whole = normalizeCode(code).length === CODE_LENGTH;
      expect(linkedCode(`?rsw-code=${encodeURIComponent(code)}`)).toBe(whole);
      expect(linkedCode(`?a=1&rsw-code=${encodeURIComponent(code)}&b=2`)).toBe(whole);
    },
  );

  it('is false without the parameter', () => {
    expect(linkedCode('?code=123456')).toBe(false);
    expect(linkedCode('')).toBe(false);
  });
});
