/**
 * Items each due `ms` after it was added, in the order they were added: one timer for all of them, set for the
 * oldest (a timer and a closure per item cost about 250 bytes each, for `ms`).
 */
export class Expiring<K, V> {
  readonly #ms: number;
  readonly #expire: (key: K, value: V) => void;
  #keys: K[] = [];
  #values: V[] = [];
  #due: number[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined = undefined;

  constructor(ms: number, expire: (key: K, value: V) => void) {
    this.#ms = ms;
    this.#expire = expire;
  }

  /** How many have not expired yet (for tests). */
  get size(): number {
    return this.#due.length - this.#head;
  }

  add(key: K, value: V): void {
    this.#keys.push(key);
    this.#values.push(value);
    this.#due.push(performance.now() + this.#ms);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#head === this.#due.length) return;
    // A whole number of ms: Node keeps a timer's delay as given, and once one timer of the process has a fractional
    // delay, V8 keeps that field of every later timer (engine.io's, one or two per connection) as a heap number, 16 B.
    this.#timer = setTimeout(() => this.#run(), Math.max(0, Math.ceil(this.#due[this.#head]! - performance.now())));
    this.#timer.unref();
  }

  #run(): void {
    this.#timer = undefined;
    const now = performance.now();
    while (this.#head < this.#due.length && this.#due[this.#head]! <= now) {
      const i = this.#head++;
      this.#expire(this.#keys[i]!, this.#values[i]!);
    }
    // What expired is let go: at once when all has, else once it is the larger part.
    if (this.#head === this.#due.length) {
      this.#keys = [];
      this.#values = [];
      this.#due = [];
      this.#head = 0;
    } else if (this.#head > 64 && this.#head * 2 > this.#due.length) {
      this.#keys = this.#keys.slice(this.#head);
      this.#values = this.#values.slice(this.#head);
      this.#due = this.#due.slice(this.#head);
      this.#head = 0;
    }
    this.#schedule();
  }
}
