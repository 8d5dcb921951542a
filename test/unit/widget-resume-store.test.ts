/**
 * Where the widget keeps its resume token (src/widget/session/resume-store.ts): one key per relay, nothing else,
 * gone after clear, and a memory fallback when storage is missing or refuses.
 */
import { describe, expect, it } from 'vitest';
import { ResumeStore, resumeKey } from '../../src/widget/session/resume-store.js';
import { MemoryStorage } from '../support/memory-storage.js';


class RefusingStorage extends MemoryStorage {
  override getItem(): string | null {
    throw new Error('SecurityError');
  }
  override setItem(): void {
    throw new Error('QuotaExceededError');
  }
  override removeItem(): void {
    throw new Error('SecurityError');
  }
}

describe('the resume token store', () => {
  it('keeps one key per relay (trailing slashes do not count) and nothing else', () => {
    const storage = new MemoryStorage();
    const a = new ResumeStore('https://support.example.com/', storage);
    const b = new ResumeStore('https://other.example.com', storage);
    a.set('token-a');
    b.set('token-b');
    expect(resumeKey('https://support.example.com/')).toBe(resumeKey('https://support.example.com'));
    expect([...storage.map.entries()]).toEqual([
      ['rsw:resume:https://support.example.com', 'token-a'],
      ['rsw:resume:https://other.example.com', 'token-b'],
    ]);
    expect(new ResumeStore('https://support.example.com', storage).get()).toBe('token-a');
    a.clear();
    expect(a.get()).toBeUndefined();
    expect([...storage.map.keys()]).toEqual(['rsw:resume:https://other.example.com']);
  });

  it('keeps the token in memory only when told to (storage null) or when storage refuses', () => {
    for (const storage of [null, new RefusingStorage()]) {
      const store = new ResumeStore('https://support.example.com', storage);
      store.set('t');
      expect(store.get()).toBe('t');
      store.clear();
      expect(store.get()).toBeUndefined();
    }
  });

  it('falls back to memory where there is no sessionStorage (Node)', () => {
    const store = new ResumeStore('http://127.0.0.1:1', undefined);
    store.set('t');
    expect(store.get()).toBe('t');
  });
});
