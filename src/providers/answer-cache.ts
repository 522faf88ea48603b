import { storedBodyText, type StoredResource } from "../store/store.js";

/**
 * Serialised answers (UTF-8 JSON bytes) of stored resources, reused while the resource's stored
 * text is unchanged: equal stored texts render to equal answers, so a resource read again
 * unchanged is not parsed, rendered, serialised and encoded again. Every request still reads the
 * store, which stays the one source of truth; this only remembers the last rendering per key
 * (bounded, oldest out first).
 */
export class AnswerCache {
  private readonly entries = new Map<string, { text: string; bytes: Buffer }>();

  constructor(
    private readonly render: (r: StoredResource) => unknown,
    private readonly capacity = 2000,
  ) {}

  bytes(stored: StoredResource): Buffer {
    const text = storedBodyText(stored);
    if (text === undefined) return Buffer.from(JSON.stringify(this.render(stored)), "utf8");
    const hit = this.entries.get(stored.key);
    if (hit !== undefined && hit.text === text) return hit.bytes;
    const bytes = ownBuffer(JSON.stringify(this.render(stored)));
    this.entries.delete(stored.key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(stored.key, { text, bytes });
    return bytes;
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
export function listAnswerBytes(items: Buffer[], nextLink?: string): Buffer {
  const parts: Buffer[] = [OPEN_VALUE];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(Buffer.from(nextLink === undefined ? "]}" : `],"nextLink":${JSON.stringify(nextLink)}}`, "utf8"));
  return Buffer.concat(parts);
}
