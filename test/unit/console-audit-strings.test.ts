import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/protocol/index.js';
import { auditLine, auditText, entriesNotKept, notKeptText } from '../../src/console/audit-strings.js';

/** `entry` behind a proxy that counts every read of its fields: the work of putting it into words. */
function counted(entry: AuditEntry): { entry: AuditEntry; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(entry, {
    get(target, key, receiver) {
      reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { entry: proxy, reads: () => reads };
}

const AT = Date.UTC(2026, 11, 7, 11, 0, 5);
const FILE: AuditEntry = {
  seq: 7,
  at: AT,
  actor: 'customer',
  type: 'file-cancelled',
  fn: 'file-transfer',
  detail: `driver.zip (5000 bytes, sha256 ${'a'.repeat(64)}): revoked`,
};

describe("the audit log's lines", () => {
  it('are worked out once per entry: a render of the log again parses and formats nothing', () => {
    const { entry, reads } = counted(FILE);
    const first = auditLine(entry, 'en');
    expect(first.text).toContain('driver.zip');
    expect(first.datetime).toBe('2026-12-07T11:00:05.000Z');
    const work = reads();
    expect(work).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      expect(auditLine(entry, 'en')).toBe(first);
      expect(auditText(entry, 'en')).toBe(first.text);
    }
    expect(reads()).toBe(work);
  });

  it('are worked out again for another locale, and an equal entry of its own is an entry of its own', () => {
    const { entry, reads } = counted(FILE);
    const en = auditLine(entry, 'en');
    const work = reads();
    const de = auditLine(entry, 'de');
    expect(reads()).toBeGreaterThan(work);
    expect(de).not.toBe(en);
    expect(auditLine(entry, 'de')).toBe(de);
    expect(auditLine({ ...FILE }, 'en')).toEqual(en);
  });
});

describe("the gaps in a long audit log (the relay keeps a session's first and last entries)", () => {
  const entry = (seq: number): AuditEntry => ({ seq, at: AT, actor: 'relay', type: 'function-used', fn: 'desktop-view' });

  it('counts the entries not kept before each entry from the jumps in seq', () => {
    const entries = [entry(1), entry(2), entry(200), entry(546), entry(547)];
    expect(entries.map((_, i) => entriesNotKept(entries, i))).toEqual([0, 0, 197, 345, 0]);
    expect(entriesNotKept([], 0)).toBe(0);
  });

  it('says how many in a line of its own', () => {
    expect(notKeptText(345, 'en')).toBe('… 345 entries not kept …');
    expect(notKeptText(5000, 'en')).toBe('… 5,000 entries not kept …');
    expect(notKeptText(1, 'en')).toBe('… 1 entry not kept …');
  });
});
