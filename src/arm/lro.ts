import type { Clock } from "../util/clock.js";
import { armTimestamp } from "../util/clock.js";
import type { OperationRecord, Store, Write } from "../store/store.js";
import { PreconditionError } from "../store/store.js";
import { ArmError } from "./errors.js";
import type { ArmResponse } from "./router.js";

/**
 * Long-running operations: records in the store, their status URLs and headers, and their
 * completion. An operation finishes when its time is up, whether or not anyone polls: every
 * request first settles what is due, and a timer settles the rest (see Scheduler).
 */

/** The api-version AKS puts in its operation URLs, whatever version the request used. */
const OPERATION_API_VERSION = "2016-03-30";

/** Writes that finishing an operation of a given kind makes, next to marking it done. */
export type Completer = (op: OperationRecord, now: number) => Promise<Write[]>;

export class LroEngine {
  private readonly completers = new Map<string, Completer>();
  /** What an operation made to fail (`data.failWith`, a testing fault) writes instead of its completer. */
  private failure: Completer = async () => [];
  private settling: Promise<void> | undefined;
  private nextDueHint: number | undefined = undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly leaseMs = 5_000,
    /**
     * On a shared store (several processes on one database), how long "nothing is due before T"
     * may be believed: other processes add operations, and die holding leases, without telling
     * us. After this long the next settle (a request, or the Scheduler's tick) asks the store.
     */
    private readonly sharedRecheckMs = 250,
  ) {}

  register(kind: string, completer: Completer): void {
    this.completers.set(kind, completer);
  }

  setFailureWriter(writer: Completer): void {
    this.failure = writer;
  }

  /** Called when this process records an operation, so settling can skip the store until then. */
  noteDue(dueAt: number): void {
    if (this.nextDueHint === undefined || dueAt < this.nextDueHint) this.nextDueHint = dueAt;
  }

  /** Forget the hint (other processes or a restart may have added operations). */
  invalidateHint(): void {
    this.nextDueHint = undefined;
  }

  /** False when no operation can be due now (settleDue would return at once). */
  mayBeDue(): boolean {
    return this.nextDueHint === undefined || this.nextDueHint <= this.clock.now();
  }

  /** Completes every operation that is due now. Concurrent callers share one pass. */
  async settleDue(): Promise<void> {
    const now = this.clock.now();
    // Nothing can be due yet (+Infinity: nothing in flight; never the case on a shared store,
    // whose hint is capped at a recheck time, see settlePass).
    if (this.nextDueHint !== undefined && this.nextDueHint > now) return;
    if (!this.settling) {
      this.settling = this.settlePass().finally(() => {
        this.settling = undefined;
      });
    }
    await this.settling;
  }

  private async settlePass(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = await this.store.claimDue(now, this.leaseMs, 100);
      for (const op of due) await this.complete(op, now);
      if (due.length < 100) break;
    }
    const next = (await this.store.nextDue()) ?? Number.POSITIVE_INFINITY;
    // One process's store (SQLite) changes only through us (noteDue keeps the hint right), so
    // "nothing due before T" holds until T, and +Infinity until we record an operation. A
    // shared store (PostgreSQL) gets operations from other processes, and a process that dies
    // leaves its due operations to whoever is alive: believe the store for a short while only.
    this.nextDueHint = this.store.shared ? Math.min(next, this.clock.now() + this.sharedRecheckMs) : next;
  }

  private async complete(claimed: OperationRecord, now: number): Promise<void> {
    let op = claimed;
    for (let attempt = 0; attempt < 5; attempt++) {
      const failWith = op.data?.["failWith"] as { code: string; message: string } | undefined;
      const completer = failWith ? this.failure : this.completers.get(op.kind);
      const writes = completer ? await completer(op, now) : [];
      const done: OperationRecord = {
        ...op,
        status: failWith || op.data?.["finalStatus"] === "Failed" ? "Failed" : "Succeeded",
        // The operation ended when its time was up, even if nobody looked until later.
        endTime: Math.min(Math.max(op.dueAt, op.startTime), now),
      };
      if (failWith) done.error = failWith;
      try {
        await this.store.commit([...writes, { op: "putOperation", operation: done, expectStatus: "InProgress" }]);
        return;
      } catch (e) {
        if (!(e instanceof PreconditionError)) throw e;
      }
      // A request changed the resource (or the operation) between our read and our write:
      // read the operation again and retry with what is there now.
      const fresh = await this.store.getOperation(op.id);
      if (fresh?.status !== "InProgress") return;
      op = fresh;
    }
  }
}

/** An operation record as it starts: InProgress from `now`, due `durationMs` later. */
export function startedOperation(
  o: Omit<OperationRecord, "status" | "startTime" | "dueAt" | "endTime"> & { now: number; durationMs: number },
): OperationRecord {
  const { now, durationMs, ...fields } = o;
  return { ...fields, status: "InProgress", startTime: now, dueAt: now + durationMs };
}

function operationStatusUrl(origin: string, op: Pick<OperationRecord, "subscriptionId" | "namespace" | "location" | "id">): string {
  return `${origin}/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}/operations/${op.id}?api-version=${OPERATION_API_VERSION}`;
}

function operationResultUrl(origin: string, op: Pick<OperationRecord, "subscriptionId" | "namespace" | "location" | "id">): string {
  return `${origin}/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}/operationresults/${op.id}?api-version=${OPERATION_API_VERSION}`;
}

/**
 * Retry-After on LRO answers. Real AKS sends none; without it the Python SDK waits 30 s per
 * poll (docs/sources.md "Python SDK polling and Retry-After"), so we send 1 s, the smallest value clients honour.
 */
export const RETRY_AFTER_SECONDS = "1";

export function asyncHeaders(origin: string, op: OperationRecord, withLocation: boolean): Record<string, string> {
  const h: Record<string, string> = {
    "azure-asyncoperation": operationStatusUrl(origin, op),
    "retry-after": RETRY_AFTER_SECONDS,
  };
  if (withLocation) h["location"] = operationResultUrl(origin, op);
  return h;
}

/** The operation status body: `{name, status, startTime[, endTime][, error]}`, as AKS answers. */
function operationStatusBody(op: OperationRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { name: op.id, status: op.status, startTime: armTimestamp(op.startTime) };
  if (op.endTime !== undefined && op.status !== "InProgress") body["endTime"] = armTimestamp(op.endTime);
  if (op.error) body["error"] = op.error;
  return body;
}

export async function operationStatusResponse(store: Store, subscriptionId: string, location: string, namespace: string, id: string): Promise<ArmResponse> {
  const op = await findOperation(store, subscriptionId, location, namespace, id);
  const headers: Record<string, string> = op.status === "InProgress" ? { "retry-after": RETRY_AFTER_SECONDS } : {};
  return { status: 200, body: operationStatusBody(op), headers };
}

/**
 * The `Location` (operationresults) URL: 202 while running; when done, what the synchronous
 * call would have answered: 204 for a finished delete, 200 with the resource otherwise, and
 * the operation's error for a failed one (ARM RPC async-api-reference).
 */
export async function operationResultResponse(
  store: Store,
  origin: string,
  subscriptionId: string,
  location: string,
  namespace: string,
  id: string,
  resourceBody: (resourceKey: string) => Promise<unknown>,
): Promise<ArmResponse> {
  const op = await findOperation(store, subscriptionId, location, namespace, id);
  if (op.status === "InProgress") {
    return { status: 202, headers: { location: operationResultUrl(origin, op), "retry-after": RETRY_AFTER_SECONDS } };
  }
  if (op.status === "Failed") {
    const error = op.error ?? { code: "OperationFailed", message: "The operation failed." };
    return { status: 400, body: { error } };
  }
  if (op.kind.endsWith("delete")) return { status: 204 };
  // An action without a result answers the status its synchronous answer has (e.g. 204 for a rotation, 200 for a reset).
  const resultStatus = op.data?.["resultStatus"];
  if (typeof resultStatus === "number") return { status: resultStatus };
  const body = await resourceBody(op.resourceKey);
  return body === undefined ? { status: 204 } : { status: 200, body };
}

async function findOperation(store: Store, subscriptionId: string, location: string, namespace: string, id: string): Promise<OperationRecord> {
  const op = await store.getOperation(id.toLowerCase());
  if (
    !op ||
    op.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() ||
    op.location.toLowerCase() !== location.toLowerCase() ||
    op.namespace.toLowerCase() !== namespace.toLowerCase()
  ) {
    // docs/fidelity.md "Unknown operation id".
    throw new ArmError(
      404,
      "NotFound",
      `The operation '${id}' was not found in location '${location}'. Use the URL from the Azure-AsyncOperation or Location header of the request that started it.`,
    );
  }
  return op;
}

/** A timer that settles due operations even when nobody asks (as real AKS finishes on its own). */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly engine: LroEngine,
    private readonly intervalMs = 250,
    /** Runs before each tick's settling (e.g. reading the shared clock offset). */
    private readonly beforeTick: () => Promise<void> = async () => undefined,
  ) {}
  start(): void {
    this.timer = setInterval(() => {
      this.beforeTick()
        .then(() => this.engine.settleDue())
        .catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
