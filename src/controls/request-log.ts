import { armTimestamp } from "../util/clock.js";

/** One answered request, as `GET /_emulator/requests` shows it. */
export interface RequestLogEntry {
  time: string;
  requestId: string | null;
  principal: string | null;
  method: string;
  path: string;
  apiVersion: string | null;
  status: number;
  errorCode: string | null;
  durationMs: number;
}

/** What the ring keeps: the time as a number, formatted only when someone reads the log. */
export type RecordedRequest = Omit<RequestLogEntry, "time"> & { timeMs: number };

const REQUEST_LOG_CAPACITY = 1000;

/**
 * Strings of one field, one per slot of the ring, as UTF-8 in a fixed-width slot of one buffer (a
 * longer string is kept as it is, aside). Why not an array of strings: every request's strings
 * would outlive a young-generation collection or two before the ring drops them, and copying them
 * out of it cost the hot GET path about a tenth of its time (issue #7).
 */
class TextColumn {
  private readonly bytes: Buffer;
  /** Bytes in each slot; -1: null; -2: the string is in `long`. */
  private readonly lengths: Int32Array;
  private readonly long = new Map<number, string>();

  constructor(
    capacity: number,
    private readonly width: number,
  ) {
    this.bytes = Buffer.alloc(capacity * width);
    this.lengths = new Int32Array(capacity).fill(-1);
  }

  set(slot: number, value: string | null): void {
    if (this.lengths[slot] === -2) this.long.delete(slot);
    if (value === null) {
      this.lengths[slot] = -1;
    } else if (value.length * 3 <= this.width || Buffer.byteLength(value, "utf8") <= this.width) {
      this.lengths[slot] = this.bytes.write(value, slot * this.width, this.width, "utf8");
    } else {
      this.lengths[slot] = -2;
      this.long.set(slot, value);
    }
  }

  get(slot: number): string | null {
    const length = this.lengths[slot]!;
    if (length === -1) return null;
    if (length === -2) return this.long.get(slot)!;
    const start = slot * this.width;
    return this.bytes.toString("utf8", start, start + length);
  }
}

/** The latest answered requests of this process, in a ring of fixed size kept off the JS heap. */
export class RequestLog {
  private readonly timeMs: Float64Array;
  private readonly durationMs: Float64Array;
  private readonly status: Uint16Array;
  private readonly requestId: TextColumn;
  private readonly principal: TextColumn;
  private readonly method: TextColumn;
  private readonly path: TextColumn;
  private readonly apiVersion: TextColumn;
  private readonly errorCode: TextColumn;
  private next = 0;
  private size = 0;
  /** Who hears of each new entry (the dashboard's live log); none: nothing is built per request. */
  private readonly listeners = new Set<(entry: RequestLogEntry) => void>();

  constructor(readonly capacity = REQUEST_LOG_CAPACITY) {
    this.timeMs = new Float64Array(capacity);
    this.durationMs = new Float64Array(capacity);
    this.status = new Uint16Array(capacity);
    this.requestId = new TextColumn(capacity, 48);
    this.principal = new TextColumn(capacity, 48);
    this.method = new TextColumn(capacity, 16);
    this.path = new TextColumn(capacity, 512);
    this.apiVersion = new TextColumn(capacity, 32);
    this.errorCode = new TextColumn(capacity, 64);
  }

  add(entry: RecordedRequest): void {
    const i = this.next;
    this.timeMs[i] = entry.timeMs;
    this.durationMs[i] = entry.durationMs;
    this.status[i] = entry.status;
    this.requestId.set(i, entry.requestId);
    this.principal.set(i, entry.principal);
    this.method.set(i, entry.method);
    this.path.set(i, entry.path);
    this.apiVersion.set(i, entry.apiVersion);
    this.errorCode.set(i, entry.errorCode);
    this.next = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    if (this.listeners.size > 0) {
      const added = this.entry(i);
      for (const listener of this.listeners) listener(added);
    }
  }

  /** Calls `listener` with every entry added from now on; answers the way to stop. */
  subscribe(listener: (entry: RequestLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The newest `limit` entries (of those `keep` accepts), oldest first. */
  latest(limit: number, keep?: (entry: RequestLogEntry) => boolean): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let k = 1; k <= this.size && out.length < limit; k++) {
      const entry = this.entry((this.next - k + this.capacity) % this.capacity);
      if (keep === undefined || keep(entry)) out.push(entry);
    }
    return out.reverse();
  }

  private entry(i: number): RequestLogEntry {
    return {
      time: armTimestamp(this.timeMs[i]!),
      requestId: this.requestId.get(i),
      principal: this.principal.get(i),
      method: this.method.get(i)!,
      path: this.path.get(i)!,
      apiVersion: this.apiVersion.get(i),
      status: this.status[i]!,
      errorCode: this.errorCode.get(i),
      durationMs: this.durationMs[i]!,
    };
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
  }
}
