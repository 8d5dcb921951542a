import { describe, expect, it } from 'vitest';
import { fileDetailText, fileStopText, parseFileDetail } from '../../src/console/file-detail.js';
import { transferStatusText } from '../../src/console/function-strings.js';

const SHA = 'ab'.repeat(32);
/** How the name and the SHA-256 stand in the text: isolated (FSI/LRI … PDI). */
const shown = (name: string, size: string) => `\u2068${name}\u2069 (${size}, \u2066SHA-256 ${SHA}\u2069)`;

describe("the audit log's file details", () => {
  it('reads the name, size, SHA-256 and reason the relay wrote', () => {
    expect(parseFileDetail(`report (final).pdf (150000 bytes, sha256 ${SHA})`)).toEqual({ name: 'report (final).pdf', size: 150000, sha256: SHA });
    expect(parseFileDetail(`a b.txt (5 bytes, sha256 ${SHA}): hash-mismatch`)).toEqual({ name: 'a b.txt', size: 5, sha256: SHA, reason: 'hash-mismatch' });
    expect(parseFileDetail('something else')).toBeUndefined();
    expect(parseFileDetail(undefined)).toBeUndefined();
  });

  it("shows the size in the locale's words, the name and the SHA-256 isolated, and a detail of another form as it is", () => {
    expect(fileDetailText(`x.bin (5000 bytes, sha256 ${SHA}): revoked`, 'de')).toBe(shown('x.bin', '4,9 kB'));
    expect(fileDetailText(`x.bin (300 bytes, sha256 ${SHA})`, 'en')).toBe(shown('x.bin', '300 bytes'));
    // A name that would turn the text around shows neutralised, like every file name in the console.
    expect(fileDetailText(`photo\u202egnp.js (1 bytes, sha256 ${SHA})`, 'en')).toBe(shown('photo_gnp.js', '1 byte'));
    expect(fileDetailText('x.bin', 'en')).toBe('x.bin');
    expect(fileDetailText(undefined, 'en')).toBe('');
  });

  it('says why a transfer stopped, never the code', () => {
    const stop = (reason: string, by: 'customer' | 'technician' | 'relay') => fileStopText(`x.bin (1 bytes, sha256 ${SHA}): ${reason}`, by);
    expect(stop('revoked', 'relay')).toBe('Stopped: the customer took back File transfer.');
    expect(stop('ended', 'relay')).toBe('Stopped: the session ended.');
    expect(stop('timeout', 'relay')).toBe('Stopped: it took too long.');
    expect(stop('failed', 'relay')).toBe('Stopped: a connection was lost on the way.');
    expect(stop('hash-mismatch', 'relay')).toBe('Failed: the SHA-256 did not match, so the file was thrown away.');
    expect(stop('declined', 'customer')).toBe('The customer declined it.');
    expect(stop('cancelled', 'technician')).toBe('You cancelled it.');
    expect(fileStopText(`x.bin (1 bytes, sha256 ${SHA})`, 'relay')).toBe('');
  });

  it('says an offer the relay refused for too many transfers at once was not sent, apart from a failure', () => {
    expect(transferStatusText('failed', 'out', 'too-many')).toBe('Not sent: too many transfers are under way or waiting for an answer. Send it again once one has finished.');
    expect(transferStatusText('failed', 'out', 'failed')).toBe('Failed.');
  });
});
