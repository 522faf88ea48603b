/**
 * The Store contract shared by every backend (SQLite now, PostgreSQL later).
 *
 * Reads are async. Writes go through `commit`, which applies a batch atomically in one
 * transaction, after checking each write's precondition (ETag compare-and-set). The batch is
 * plain data, so no caller code (and no `await`) ever runs inside an open transaction: a
 * backend on a shared connection cannot mix two requests' statements.
 */

/** The JSON text a resource was read as (undefined for resources not read from a store, or whose body was replaced). */
export { storedBodyText } from "./rows.js";

/** A stored ARM resource. `key` is the lower-cased id; `id` keeps the caller's casing. */
export interface StoredResource {
  key: string;
  id: string;
  /** Lower-cased key of the scope the resource is listed under (its resource group, or parent resource). */
  parentKey: string;
  /** Lower-cased subscription id, for subscription-wide lists. */
  subscriptionId: string;
  /** Lower-cased full resource type, e.g. `microsoft.containerservice/managedclusters`. */
  type: string;
  etag: string;
  body: Record<string, unknown>;
}

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** A long-running operation record. */
export interface OperationRecord {
  /** Operation id (a GUID), lower case. */
  id: string;
  subscriptionId: string;
  /** Provider namespace the status URL lives under, e.g. Microsoft.ContainerService. */
  namespace: string;
  location: string;
  /** Key of the resource the operation works on. */
  resourceKey: string;
  /** What finishing the operation does: e.g. `create`, `update`, `delete`. */
  kind: string;
  status: OperationStatus;
  startTime: number;
  endTime?: number;
  /** Emulator-clock time at which the operation finishes by itself. */
  dueAt: number;
  error?: { code: string; message: string };
  /** Kind-specific data the completion needs. */
  data?: Record<string, unknown>;
}

/** A precondition on a write. `absent`: the key must not exist; a string: the current ETag must equal it. */
export type Expect = { absent: true } | { etag: string } | { exists: true } | undefined;

export type Write =
  | { op: "put"; resource: StoredResource; expect?: Expect }
  | { op: "delete"; key: string; expect?: Expect }
  /** Deletes the resource `key` and every resource whose key starts with `key + "/"`. */
  | { op: "deleteTree"; key: string }
  | { op: "putOperation"; operation: OperationRecord; expectStatus?: OperationStatus }
  /**
   * Sets a named emulator setting (faults, clock offset). `expectVersion`: the version it must
   * have now (0: it must not exist); every put makes the version one higher.
   */
  | { op: "putMeta"; name: string; value: unknown; expectVersion?: number }
  /** Removes every resource and operation (settings stay): the first write of a state import. */
  | { op: "clearAll" };

/** A named emulator setting and its version (a counter, for compare-and-set). */
export interface MetaEntry {
  value: unknown;
  version: number;
}

/** Everything a store holds about resources and operations (state export). */
export interface StoreDump {
  resources: StoredResource[];
  operations: OperationRecord[];
}

export class PreconditionError extends Error {
  constructor(
    readonly key: string,
    readonly expected: Expect | { status: OperationStatus } | { version: number },
    readonly actualEtag: string | undefined,
  ) {
    super(`precondition failed for ${key}`);
    this.name = "PreconditionError";
  }
}

export interface ListQuery {
  type: string;
  /** List the children of this scope key (resource group key or parent resource key)... */
  parentKey?: string;
  /** ...or everything of `type` in a subscription. */
  subscriptionId?: string;
  limit: number;
  /** Opaque continuation from the previous page. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when there may be more items: pass it as `after`. */
  next?: string;
}

export interface Store {
  readonly kind: string;
  /**
   * True when other processes may write to the same store (PostgreSQL): what a process learnt
   * about the store (e.g. "no operation due before T") goes stale without it knowing.
   */
  readonly shared?: boolean;
  /**
   * A number that changes with every commit and reset, when this process sees every change to the
   * store (it is its only writer: SQLite); undefined when other processes may write (PostgreSQL).
   * Answers derived from the store stay valid while it is unchanged (providers/answer-cache.ts).
   */
  changeCount(): number | undefined;
  /**
   * Like changeCount, for the resources of one type listed under one parent: a number that changes
   * whenever one of them may have changed (a write of that type with that parentKey, any delete, a
   * reset), and stays put while other resources are written. Undefined when other processes may write.
   */
  childrenVersion(parentKey: string, type: string): number | undefined;
  get(key: string): Promise<StoredResource | undefined>;
  /** Whether a resource is stored at `key`: `get` without reading (or parsing) the body. */
  has(key: string): Promise<boolean>;
  list(query: ListQuery): Promise<Page<StoredResource>>;
  /** Number of resources under a key prefix (the key itself excluded). */
  countUnder(key: string): Promise<number>;
  /** Number of resources of `type` listed under `parentKey`, counted up to `limit` at most (an index-only count). */
  countChildren(type: string, parentKey: string, limit: number): Promise<number>;
  /** Applies all writes atomically or none; throws PreconditionError when one precondition fails. */
  commit(writes: Write[]): Promise<void>;

  getOperation(id: string): Promise<OperationRecord | undefined>;
  /** Operations still InProgress for a resource. */
  activeOperations(resourceKey: string): Promise<OperationRecord[]>;
  /**
   * Claims InProgress operations that are due at `now` and not leased by someone else,
   * leasing them for `leaseMs`. Whoever claimed one completes it with `commit`.
   */
  claimDue(now: number, leaseMs: number, limit?: number): Promise<OperationRecord[]>;
  /** Earliest dueAt among InProgress operations, if any. */
  nextDue(): Promise<number | undefined>;

  /** Every operation (with `status`, only those), oldest first. */
  listOperations(status?: OperationStatus): Promise<OperationRecord[]>;
  /** Every resource (by key) and operation (oldest first). */
  dump(): Promise<StoreDump>;
  /** Every emulator setting by name. */
  allMeta(): Promise<Record<string, MetaEntry>>;

  /** Empties resources, operations and settings (keeps nothing but the schema). */
  reset(): Promise<void>;
  close(): Promise<void>;
}
