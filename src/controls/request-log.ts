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

export const REQUEST_LOG_CAPACITY = 1000;

/** The latest answered requests of this process, in a ring of fixed size. */
export class RequestLog {
  private readonly ring: (RequestLogEntry | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity = REQUEST_LOG_CAPACITY) {
    this.ring = new Array<RequestLogEntry | undefined>(capacity);
  }

  add(entry: RequestLogEntry): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** The newest `limit` entries, oldest first. */
  latest(limit: number): RequestLogEntry[] {
    const n = Math.max(0, Math.min(limit, this.size));
    const out: RequestLogEntry[] = [];
    for (let i = n; i >= 1; i--) out.push(this.ring[(this.next - i + this.capacity) % this.capacity]!);
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}
