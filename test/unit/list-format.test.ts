import { describe, expect, it } from 'vitest';
import { joinList } from '../../src/ui/list-format.js';
import { formatList } from '../../src/ui/format.js';

const TAGS = [
  'en', 'en-US', 'EN', 'en-GB', 'en-gb', 'en_GB', 'en-AU', 'en-CA', 'en-IN', 'en-IE', 'en-NZ', 'en-ZA', 'en-001', 'en-PH', 'en-PR',
  'en-Latn-US', 'de', 'de-DE', 'de-AT', 'de-CH', 'fr', 'fr-FR', 'fr-CA', 'fr-BE', 'es', 'es-ES', 'es-MX',
  'es-419', 'es-US', 'pl', 'pl-PL', 'ar', 'ar-EG', 'ar-SA', 'ar-MA', 'ar-001',
];
const WORDS = ['desktop view', 'remote control', 'file transfer', 'system information', 'reboot'];
const SPANISH = ['información', 'Información', 'hilo', 'Hilo', 'hielo', 'hierro', 'hiato', 'Hiato', 'hi', 'ion', 'idea', 'iPhone', 'I', 'Ícono', 'ÍNDICE', 'y', 'Hi-Fi', 'vista'];

describe('joinList', () => {
  it('joins every length as Intl.ListFormat does, in every language and region the apps speak', () => {
    for (const tag of TAGS) {
      const intl = new Intl.ListFormat(tag.replace('_', '-'));
      for (let n = 0; n <= WORDS.length; n++) {
        const items = WORDS.slice(0, n);
        expect(joinList(items, tag), `${tag}, ${n} items`).toBe(intl.format(items));
      }
    }
  });

  it('says "e" in Spanish before an "i" sound, as Intl.ListFormat does', () => {
    const intl = new Intl.ListFormat('es');
    for (const word of SPANISH) {
      expect(joinList(['vista', word], 'es'), word).toBe(intl.format(['vista', word]));
      expect(joinList(['a', 'b', word], 'es-MX'), word).toBe(intl.format(['a', 'b', word]));
    }
    expect(joinList(['a', 'información'], 'es')).toBe('a e información');
  });

  it('leaves other languages, and no language, to Intl.ListFormat', () => {
    expect(joinList(['a', 'b'], 'zh')).toBeUndefined();
    expect(joinList(['a', 'b'], undefined)).toBeUndefined();
    expect(formatList(['甲', '乙', '丙'], 'zh')).toBe(new Intl.ListFormat('zh').format(['甲', '乙', '丙']));
    expect(formatList(['a', 'b', 'c'], 'de')).toBe('a, b und c');
  });
});
