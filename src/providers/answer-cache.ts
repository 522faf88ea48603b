import { storedBodyText, type StoredResource } from "../store/store.js";
import { setBounded } from "../util/bounded-map.js";

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

/**
 * Answers as UTF-8 JSON bytes, serialised once per stored text; and list answers made of them,
 * kept whole while every item's answer is the same one (a page polled again unchanged is not
 * assembled again: 100 clusters make 340 KB).
 */
export class AnswerCache {
  private readonly cache: StoredTextCache<Buffer>;
  private readonly lists = new Map<string, { items: Buffer[]; nextLink?: string; bytes: Buffer }>();
  private listBytes = 0;

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
    if (hit !== undefined) {
      this.lists.delete(slot);
      this.listBytes -= hit.bytes.length;
    }
    if (bytes.length > MAX_LIST_BYTES) return bytes;
    this.lists.set(slot, { items, nextLink, bytes });
    this.listBytes += bytes.length;
    while (this.listBytes > MAX_LIST_BYTES) {
      const [oldest, entry] = this.lists.entries().next().value!;
      this.lists.delete(oldest);
      this.listBytes -= entry.bytes.length;
    }
    return bytes;
  }
}

/** List answers one AnswerCache keeps whole, in bytes. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

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
