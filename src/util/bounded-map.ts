/**
 * Sets `key` in a Map used as a bounded cache: the entry goes last (newest), and the oldest
 * entries go first while the map would hold more than `max`.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  while (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/**
 * A Map bounded by the total size of its entries (`sizeOf`, e.g. bytes): setting an entry puts it
 * last and drops the oldest while the total is over `maxSize`; an entry larger than `maxSize` is
 * not kept (setting it still removes the key's previous entry).
 */
export class SizeBoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (key: K, value: V) => number,
  ) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** get, and a found entry goes last (for least-recently-used order). */
  touch(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const size = this.sizeOf(key, value);
    if (size > this.maxSize) return;
    this.map.set(key, value);
    this.total += size;
    while (this.total > this.maxSize) {
      const [oldest, entry] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.total -= this.sizeOf(oldest, entry);
    }
  }

  delete(key: K): void {
    const value = this.map.get(key);
    if (value === undefined) return;
    this.map.delete(key);
    this.total -= this.sizeOf(key, value);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  /** Entries held. */
  get size(): number {
    return this.map.size;
  }
}
