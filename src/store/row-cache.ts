import type { ResourceRow } from "./rows.js";
import { SizeBoundedMap } from "../util/bounded-map.js";

/**
 * Resource rows by key, for a store that only this process writes (the SQLite file): a read is a
 * Map lookup instead of a statement, and the store drops an entry whenever a commit writes its
 * key. Rows are immutable strings, so callers still get a fresh object per read. `null` remembers
 * that a key has no row (polling a deleted resource). Bounded by the body text it holds; the
 * least recently read entries go first.
 */
export class RowCache {
  private readonly rows: SizeBoundedMap<string, ResourceRow | null>;

  constructor(maxChars: number) {
    this.rows = new SizeBoundedMap(maxChars, sizeOf);
  }

  /** The row, `null` when the key is known to be absent, `undefined` when not cached. */
  get(key: string): ResourceRow | null | undefined {
    return this.rows.touch(key);
  }

  set(key: string, row: ResourceRow | null): void {
    this.rows.set(key, row);
  }

  delete(key: string): void {
    this.rows.delete(key);
  }

  clear(): void {
    this.rows.clear();
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
