/**
 * File names that could pass for another are made plain before they are shown or saved; the real extension and
 * whether the file may run code are taken from the plain name. The relay refuses such names outright.
 */
import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../src/protocol/index.js';
import { fileExtension, isRiskyFile, neutralFileName, RISKY_EXTENSIONS } from '../../src/ui/file-names.js';

const HIDDEN = [
  ...'\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c\u180e\u00ad\u2060\u2061\u2028\u2029\u0085\u007f\u0001',
  '\u{e0041}',
];
const SHA = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';
const offer = (name: string) => parsePayload('file:offer', { transferId: 't1', name, size: 1, type: '', sha256: SHA });

describe('file names', () => {
  it('lose every invisible and direction-changing character, and show their real extension', () => {
    const name = neutralFileName('invoice-2024\u202efdp.exe');
    expect(name).toBe('invoice-2024_fdp.exe');
    expect(fileExtension(name)).toBe('exe');
    expect(isRiskyFile(name)).toBe(true);
    for (const c of HIDDEN) expect(neutralFileName(`a${c}b.txt`), `U+${c.codePointAt(0)?.toString(16)}`).toBe('a_b.txt');
  });

  it('lose the trailing dots and spaces Windows would drop, so the extension shown is the one saved', () => {
    expect(neutralFileName('report.pdf.exe. . ')).toBe('report.pdf.exe');
    expect(isRiskyFile(neutralFileName('report.pdf.exe. . '))).toBe(true);
    expect(neutralFileName('...')).toBe('file');
  });

  it('lose lone surrogates (a Windows file name may have one), so that the relay takes what the sender offers', () => {
    for (const name of ['a\ud800b.txt', 'a\udc00b.txt']) {
      expect(neutralFileName(name)).toBe('a_b.txt');
      expect(offer(neutralFileName(name))).toMatchObject({ ok: true });
    }
    expect(neutralFileName('photo \u{1f600}.jpg')).toBe('photo \u{1f600}.jpg');
  });

  it('keep names in any script, and their extension', () => {
    expect(neutralFileName('تقرير.pdf')).toBe('تقرير.pdf');
    expect(neutralFileName('Übersicht 2024.XLSX')).toBe('Übersicht 2024.XLSX');
    expect(fileExtension('Übersicht 2024.XLSX')).toBe('xlsx');
    expect(fileExtension('README')).toBe('');
    expect(fileExtension('.bashrc')).toBe('');
    expect(fileExtension('notes.tar.gz')).toBe('gz');
  });

  it('flag programs and scripts, not documents', () => {
    for (const ext of ['exe', 'msi', 'bat', 'cmd', 'com', 'scr', 'ps1', 'vbs', 'js', 'jar', 'sh', 'app', 'dmg', 'pkg', 'apk', 'lnk', 'reg', 'hta', 'wsf']) {
      expect(RISKY_EXTENSIONS.has(ext), ext).toBe(true);
      expect(isRiskyFile(`setup.${ext.toUpperCase()}`), ext).toBe(true);
    }
    for (const name of ['photo.jpg', 'report.pdf', 'notes.txt', 'data.csv', 'letter.docx', 'archive.zip']) expect(isRiskyFile(name), name).toBe(false);
  });

  it('with a hidden character are refused by the relay with bad-payload', () => {
    for (const c of HIDDEN) expect(offer(`a${c}b.txt`), `U+${c.codePointAt(0)?.toString(16)}`).toMatchObject({ ok: false, code: 'bad-payload' });
    expect(offer('invoice-2024\u202efdp.exe')).toMatchObject({ ok: false, issues: ['name: A file name without invisible or direction-changing characters'] });
    expect(offer('تقرير 2024.pdf')).toMatchObject({ ok: true });
  });

  it('that name a directory, or are not well-formed Unicode, are refused by the relay with bad-payload', () => {
    for (const name of ['.', '..', '...', ' ', ' .. ', '. .']) {
      expect(offer(name), JSON.stringify(name)).toMatchObject({ ok: false, code: 'bad-payload', issues: ['name: A file name, without a path'] });
    }
    for (const name of ['a\ud800b.txt', 'a\udc00.txt', 'report.pdf\ud83d']) {
      expect(offer(name), JSON.stringify(name)).toMatchObject({ ok: false, code: 'bad-payload', issues: ['name: A file name of well-formed Unicode'] });
    }
    for (const name of ['.bashrc', '..hidden', 'notes..txt', 'photo \u{1f600}.jpg', 'e\u0301te\u0301.txt']) expect(offer(name), name).toMatchObject({ ok: true });
  });
});
