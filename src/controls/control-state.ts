import { randomUUID } from "node:crypto";
import { ArmError } from "../arm/errors.js";
import { PreconditionError, type MetaEntry, type Store } from "../store/store.js";
import type { AdjustableClock } from "../util/clock.js";
import { armTimestamp } from "../util/clock.js";
import { RUN_COMMAND_SETTING, type RunCommandRule, type RunCommandRuleSpec } from "../providers/containerservice/run-command-rules.js";
import { faultMatches, type Fault, type FaultSpec, type RequestFacts } from "./faults.js";

const FAULTS = "faults";
const CLOCK = "clock";

interface ClockSetting {
  offsetMs: number;
}

/**
 * The testing controls' state that lives in the store (so every instance on a shared store
 * sees it): the active faults and the clock offset. A store only this process writes (SQLite)
 * is read once and then kept in memory; a shared store (PostgreSQL) is read again before every
 * request and scheduler tick (`refresh`). Changes are compare-and-set on the setting's version,
 * so two instances firing a `count: 1` fault at once fire it once.
 */
export class ControlState {
  private readonly cache = new Map<string, MetaEntry>();

  constructor(
    private readonly store: Store,
    private readonly clock: AdjustableClock,
  ) {}

  /** Reads the settings from the store (at start, and before each request on a shared store). */
  async load(): Promise<void> {
    const all = await this.store.allMeta();
    this.cache.clear();
    for (const [name, entry] of Object.entries(all)) this.cache.set(name, entry);
    this.applyClock();
  }

  async refresh(): Promise<void> {
    if (this.store.shared) await this.load();
  }

  /** After the store was emptied (reset): no faults, no clock offset. */
  forget(): void {
    this.cache.clear();
    this.applyClock();
  }

  /** The active faults in the order they are tried (docs/testing-controls.md "Several matching faults"), each with its `order`. */
  faults(): Fault[] {
    return this.active().map((f, i) => ({ ...f, order: i + 1 }));
  }

  private active(): Fault[] {
    return (this.cache.get(FAULTS)?.value as Fault[] | undefined) ?? [];
  }

  /** Whether any fault is active (every request asks: most runs have none). */
  hasFaults(): boolean {
    return this.active().length > 0;
  }

  /** The first active fault (the one added first) that matches the request, if any. */
  matchingFault(req: RequestFacts, accept: (f: Fault) => boolean = () => true): Fault | undefined {
    return this.active().find((f) => faultMatches(f.match, req) && accept(f));
  }

  async addFault(spec: Required<Pick<FaultSpec, "match" | "effect">> & { count?: number }): Promise<Fault> {
    const fault: Fault = {
      id: randomUUID(),
      match: spec.match,
      effect: spec.effect,
      ...(spec.count !== undefined ? { count: spec.count, remaining: spec.count } : {}),
      fired: 0,
      createdAt: armTimestamp(this.clock.now()),
    };
    let order = 0;
    await this.update<Fault[]>(FAULTS, (list = []) => {
      order = list.length + 1;
      return [...list, fault];
    });
    return { ...fault, order };
  }

  async removeFault(id: string): Promise<Fault | undefined> {
    let removed: Fault | undefined;
    await this.update<Fault[]>(FAULTS, (list = []) => {
      removed = list.find((f) => f.id === id.toLowerCase());
      return removed ? list.filter((f) => f !== removed) : undefined;
    });
    return removed;
  }

  async clearFaults(): Promise<number> {
    let n = 0;
    await this.update<Fault[]>(FAULTS, (list = []) => {
      n = list.length;
      return n === 0 ? undefined : [];
    });
    return n;
  }

  /**
   * Takes one firing of a fault: counts it, and removes the fault when its count is used up.
   * False when the fault is gone (another request, perhaps on another instance, took the last one).
   */
  async takeFiring(id: string): Promise<boolean> {
    let taken = false;
    await this.update<Fault[]>(FAULTS, (list = []) => {
      const f = list.find((x) => x.id === id);
      taken = f !== undefined;
      if (!f) return undefined;
      const next: Fault = { ...f, fired: f.fired + 1, ...(f.remaining !== undefined ? { remaining: f.remaining - 1 } : {}) };
      return next.remaining === 0 ? list.filter((x) => x !== f) : list.map((x) => (x === f ? next : x));
    });
    return taken;
  }

  /** Gives back a firing taken for a request that, in the end, gave the fault nothing to act on. */
  async refund(fault: Fault): Promise<void> {
    await this.update<Fault[]>(FAULTS, (list = []) => {
      const f = list.find((x) => x.id === fault.id);
      if (!f) {
        // Back in its place: faults are tried in the order they were added.
        const { order: _order, ...stored } = fault;
        const at = list.findIndex((x) => x.createdAt > stored.createdAt);
        return at === -1 ? [...list, stored] : [...list.slice(0, at), stored, ...list.slice(at)];
      }
      return list.map((x) => (x === f ? { ...f, fired: Math.max(0, f.fired - 1), ...(f.remaining !== undefined ? { remaining: f.remaining + 1 } : {}) } : x));
    });
  }

  /** The run-command rules, in the order they are tried (the store is their source: runCommand reads them there). */
  async runCommandRules(): Promise<RunCommandRule[]> {
    return ((await this.store.allMeta())[RUN_COMMAND_SETTING]?.value as RunCommandRule[] | undefined) ?? [];
  }

  async addRunCommandRule(spec: RunCommandRuleSpec): Promise<RunCommandRule> {
    const rule: RunCommandRule = { id: randomUUID(), ...spec, createdAt: armTimestamp(this.clock.now()) };
    await this.update<RunCommandRule[]>(RUN_COMMAND_SETTING, (list = []) => [...list, rule], { fromStore: true });
    return rule;
  }

  async removeRunCommandRule(id: string): Promise<RunCommandRule | undefined> {
    let removed: RunCommandRule | undefined;
    await this.update<RunCommandRule[]>(
      RUN_COMMAND_SETTING,
      (list = []) => {
        removed = list.find((r) => r.id === id.toLowerCase());
        return removed ? list.filter((r) => r !== removed) : undefined;
      },
      { fromStore: true },
    );
    return removed;
  }

  async clearRunCommandRules(): Promise<number> {
    let n = 0;
    await this.update<RunCommandRule[]>(
      RUN_COMMAND_SETTING,
      (list = []) => {
        n = list.length;
        return n === 0 ? undefined : [];
      },
      { fromStore: true },
    );
    return n;
  }

  clockOffset(): number {
    return (this.cache.get(CLOCK)?.value as ClockSetting | undefined)?.offsetMs ?? 0;
  }

  async advanceClock(ms: number): Promise<void> {
    await this.update<ClockSetting>(CLOCK, (c = { offsetMs: 0 }) => ({ offsetMs: c.offsetMs + ms }));
  }

  private applyClock(): void {
    this.clock.setOffset(this.clockOffset());
  }

  /**
   * Compare-and-set of one setting: `change` gets the current value and returns the next one,
   * or undefined to leave it as it is. Retries from the store when someone else changed it.
   */
  private async update<T>(name: string, change: (current: T | undefined) => T | undefined, opts: { fromStore?: boolean } = {}): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const entry = attempt === 0 && !this.store.shared && !opts.fromStore ? this.cache.get(name) : (await this.store.allMeta())[name];
      const next = change(entry?.value as T | undefined);
      if (next === undefined) {
        if (entry) this.cache.set(name, entry);
        return;
      }
      const version = entry?.version ?? 0;
      try {
        await this.store.commit([{ op: "putMeta", name, value: next, expectVersion: version }]);
        this.cache.set(name, { value: next, version: version + 1 });
        if (name === CLOCK) this.applyClock();
        return;
      } catch (e) {
        if (!(e instanceof PreconditionError)) throw e;
      }
    }
    throw new ArmError(409, "Conflict", `The emulator setting '${name}' kept changing while this request tried to change it. Retry the request.`);
  }
}
