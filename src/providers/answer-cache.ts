import { storedBodyText, type StoredResource } from "../store/store.js";
import { setBounded, SizeBoundedMap } from "../util/bounded-map.js";

/**
 * Values derived from stored resources (their serialised answers, a field deep in the body),
 * reused while the resource's stored text is unchanged: equal stored texts give equal values, so
 * a resource read again unchanged is not parsed and rendered again. Every request still reads the
 * store, which stays the one source of truth; this only remembers the last value per key
 * (bounded, oldest out first).
 */
export class StoredTextCache<T> {
  private readonly entries = new Map<string, { text: string; value: T }>();

  constructor(
    private readonly derive: (r: StoredResource) => T,
    private readonly capacity = 1000,
  ) {}

  get(stored: StoredResource): T {
    const text = storedBodyText(stored);
    if (text === undefined) return this.derive(stored);
    const hit = this.entries.get(stored.key);
    if (hit !== undefined && hit.text === text) return hit.value;
    const value = this.derive(stored);
    setBounded(this.entries, stored.key, { text, value }, this.capacity);
    return value;
  }
}

/** List answers one AnswerCache keeps whole, in bytes. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

/**
 * Answers as UTF-8 JSON bytes, serialised once per stored text; and list answers made of them,
 * kept whole while every item's answer is the same one (a page polled again unchanged is not
 * assembled again: 100 clusters make 340 KB).
 */
export class AnswerCache {
  private readonly cache: StoredTextCache<Buffer>;
  private readonly lists = new SizeBoundedMap<string, { items: Buffer[]; nextLink?: string; bytes: Buffer }>(
    MAX_LIST_BYTES,
    (_slot, list) => list.bytes.length,
  );

  constructor(render: (r: StoredResource) => unknown, capacity?: number) {
    this.cache = new StoredTextCache((r) => ownBuffer(JSON.stringify(render(r))), capacity);
  }

  bytes(stored: StoredResource): Buffer {
    return this.cache.get(stored);
  }

  /** Exactly the bytes of `JSON.stringify({value: items rendered, nextLink})`; `slot` names the list (one kept per slot). */
  list(slot: string, stored: StoredResource[], nextLink?: string): Buffer {
    const items = stored.map((r) => this.cache.get(r));
    const hit = this.lists.get(slot);
    if (hit !== undefined && hit.nextLink === nextLink && hit.items.length === items.length && hit.items.every((b, i) => b === items[i])) return hit.bytes;
    const bytes = listAnswerBytes(items, nextLink);
    this.lists.set(slot, { items, nextLink, bytes });
    return bytes;
  }
}

/**
 * Whole answers (their bytes) remembered while no stored resource changes, for a store that sees
 * every change: `changeCount()` is defined when this process is the store's only writer (SQLite).
 * A hit reads nothing from the store, so it is as fast whether the resource was read a moment ago
 * or never: with 10k clusters read at random the row and answer caches above mostly miss (issue #7,
 * bench/README.md "Scale"). Any commit makes every remembered answer stale; they are dropped at the
 * next look. Errors are not remembered. Bounded by bytes, oldest out first: a hit changes nothing.
 * (Moving each hit to the back costs a map delete and insert per hit; a second chance for used
 * entries cost 50 MB more RSS in the scale bench, from the map's churn. Neither reads faster when
 * the reads are at random.)
 *
 * `slot` names all an answer depends on besides the store: a GET's path alone when that is all (an
 * item's answer whatever the api-version), more when it is not (a page's nextLink).
 */
export class AnswerMemo {
  private readonly entries: SizeBoundedMap<string, Buffer>;
  private version: number | undefined;

  constructor(
    private readonly changeCount: () => number | undefined,
    maxBytes: number,
  ) {
    this.entries = new SizeBoundedMap(maxBytes, (_slot, bytes) => bytes.length);
  }

  /** The answer remembered under `slot`, if the store has not changed since. */
  get(slot: string): Buffer | undefined {
    const version = this.changeCount();
    if (version === undefined || version !== this.version) return undefined;
    return this.entries.get(slot);
  }

  /** The answer `make` gives, remembered under `slot` when nothing was written while it was made. */
  async remember(slot: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const version = this.changeCount();
    const bytes = await make();
    // A commit between the reads and now may have changed what they read: such an answer is not kept.
    if (version !== undefined && this.changeCount() === version) {
      if (version !== this.version) {
        this.entries.clear();
        this.version = version;
      }
      this.entries.set(slot, bytes);
    }
    return bytes;
  }

  /** get, else remember. */
  async answer(slot: string, make: () => Promise<Buffer>): Promise<Buffer> {
    return this.get(slot) ?? this.remember(slot, make);
  }
}

/**
 * The UTF-8 bytes of `text` in memory of their own: a small Buffer.from() is a slice of a shared
 * 8 KiB pool, and keeping the slice would keep the whole pool block alive.
 */
function ownBuffer(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, "utf8"));
  bytes.write(text, "utf8");
  return bytes;
}

const OPEN_VALUE = Buffer.from('{"value":[');
const COMMA = Buffer.from(",");

/** Exactly the bytes of `JSON.stringify({value, nextLink})` for items already serialised. */
function listAnswerBytes(items: Buffer[], nextLink?: string): Buffer {
  const parts: Buffer[] = [OPEN_VALUE];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(Buffer.from(nextLink === undefined ? "]}" : `],"nextLink":${JSON.stringify(nextLink)}}`, "utf8"));
  return Buffer.concat(parts);
}
