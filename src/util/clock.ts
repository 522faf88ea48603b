/**
 * The emulator's clock. Operations and resource timestamps read it; token lifetimes do not
 * (SDKs cache tokens on the wall clock). Tests and the testing controls can move it forward.
 */
export interface Clock {
  now(): number;
}

export class AdjustableClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** The offset the testing controls keep in the store (see src/controls/control-state.ts). */
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
  get offset(): number {
    return this.offsetMs;
  }
}

/** RFC 3339 UTC with 7 fractional digits, trailing zeros trimmed, as AKS writes its timestamps. */
export function armTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-02-01T05:01:49.419Z
  const [head, frac = ""] = iso.slice(0, -1).split(".");
  const trimmed = frac.replace(/0+$/, "");
  return trimmed ? `${head}.${trimmed}Z` : `${head}Z`;
}
