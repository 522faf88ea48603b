import type { ResourceRow } from "./rows.js";

/**
 * Resource rows by key, for a store that only this process writes (the SQLite file): a read is a
 * Map lookup instead of a statement, and the store drops an entry whenever a commit writes its
 * key. Rows are immutable strings, so callers still get a fresh object per read. `null` remembers
 * that a key has no row (polling a deleted resource). Bounded by the body text it holds; the
 * least recently read entries go first.
 */
export class RowCache {
  private readonly rows = new Map<string, ResourceRow | null>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  /** The row, `null` when the key is known to be absent, `undefined` when not cached. */
  get(key: string): ResourceRow | null | undefined {
    const row = this.rows.get(key);
    if (row === undefined) return undefined;
    // Reinserting keeps the Map's order "least recently read first".
    this.rows.delete(key);
    this.rows.set(key, row);
    return row;
  }

  set(key: string, row: ResourceRow | null): void {
    this.delete(key);
    const size = sizeOf(key, row);
    if (size > this.maxChars) return;
    this.rows.set(key, row);
    this.chars += size;
    while (this.chars > this.maxChars) {
      const [oldest, value] = this.rows.entries().next().value!;
      this.rows.delete(oldest);
      this.chars -= sizeOf(oldest, value);
    }
  }

  delete(key: string): void {
    const row = this.rows.get(key);
    if (row === undefined) return;
    this.rows.delete(key);
    this.chars -= sizeOf(key, row);
  }

  clear(): void {
    this.rows.clear();
    this.chars = 0;
  }

  get size(): number {
    return this.rows.size;
  }
}

/** Characters held, plus a rough allowance for the objects around them. */
function sizeOf(key: string, row: ResourceRow | null): number {
  if (row === null) return key.length + 64;
  return key.length + row.id.length + row.parent_key.length + row.subscription_id.length + row.type.length + row.etag.length + row.body.length + 128;
}
