/**
 * SQLite backend of the Store contract, on better-sqlite3 (synchronous API).
 *
 * Every public method does all its database work synchronously before it returns its promise,
 * so no `await` ever sits inside an open transaction: two requests' statements cannot mix on
 * the shared connection. `commit` applies a batch in one `db.transaction(...)`; a failed
 * precondition throws PreconditionError, which rolls the whole batch back.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { requireCjs } from "../util/cjs.js";
import {
  PreconditionError,
  type Expect,
  type ListQuery,
  type MetaEntry,
  type OperationStatus,
  type StoreDump,
  type OperationRecord,
  type Page,
  type Store,
  type StoredResource,
  type Write,
} from "./store.js";
import {
  childRange,
  decodeCursor,
  encodeCursor,
  OPERATION_COLUMNS,
  RESOURCE_COLUMNS,
  toOperation,
  toResource,
  type OperationRow,
  type ResourceRow,
} from "./rows.js";
import { RowCache } from "./row-cache.js";
import { setBounded } from "../util/bounded-map.js";

const Database = requireCjs("better-sqlite3") as typeof BetterSqlite3;

/**
 * The addon where an ordinary install builds it. Naming it spares the `bindings` package's search
 * of a dozen places (about 4 ms of cold start); elsewhere better-sqlite3 searches as usual.
 */
const databaseOptions = ((): BetterSqlite3.Options => {
  try {
    return { nativeBinding: requireCjs.resolve("better-sqlite3/build/Release/better_sqlite3.node") };
  } catch {
    return {};
  }
})();

/**
 * Schema migrations, in order. Migration `i` takes PRAGMA user_version from `i` to `i + 1`.
 * Append only: never edit a migration that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE resources (
    key             TEXT PRIMARY KEY NOT NULL,
    id              TEXT NOT NULL,
    parent_key      TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    type            TEXT NOT NULL,
    etag            TEXT NOT NULL,
    body            TEXT NOT NULL
  );
  CREATE INDEX resources_type_parent ON resources (type, parent_key, key);
  CREATE INDEX resources_type_subscription ON resources (type, subscription_id, key);

  CREATE TABLE operations (
    id              TEXT PRIMARY KEY NOT NULL,
    subscription_id TEXT NOT NULL,
    namespace       TEXT NOT NULL,
    location        TEXT NOT NULL,
    resource_key    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    start_time      INTEGER NOT NULL,
    end_time        INTEGER,
    due_at          INTEGER NOT NULL,
    error           TEXT,
    data            TEXT,
    lease_until     INTEGER,
    lease_owner     TEXT
  );
  CREATE INDEX operations_status_due ON operations (status, due_at);
  CREATE INDEX operations_resource_status ON operations (resource_key, status);
  `,
  `
  CREATE TABLE meta (
    name    TEXT PRIMARY KEY NOT NULL,
    value   TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Text the row cache may hold (about as many bytes): what clients keep polling, e.g. ~1500 clusters
 * or ten 100-cluster pages. Each MB held costs about 2 MB of heap; the bench's scale section
 * (issue #7, RSS < 300 MB) measured 256 MB after its load at 6 MiB, 287-313 MB at 8 MiB.
 */
const ROW_CACHE_CHARS = 6 * 1024 * 1024;
/** Keys whose presence `has` remembers (oldest out first): about 20 MB at most. */
const PRESENCE_CACHE_ENTRIES = 100_000;
/** Parents whose children's last change is remembered; past it, every parent counts as changed once. */
const CHILDREN_VERSIONS = 100_000;
/** Lists whose keys are remembered (oldest out first). */
const LIST_CACHE_ENTRIES = 4096;

export type SqliteOpenOptions = { path: string } | { memory: true };

export class SqliteStore implements Store {
  readonly kind: string;
  /** Random id this store writes into `lease_owner` when it claims operations. */
  readonly ownerId = randomUUID();

  private readonly db: BetterSqlite3.Database;
  private readonly s: ReturnType<typeof prepareStatements>;
  private readonly commitTx: (writes: Write[]) => void;
  private readonly claimTx: (now: number, leaseMs: number, limit: number) => OperationRecord[];
  private readonly resetTx: () => void;
  /** Only this process writes the file (the design's one-process SQLite store), so reads can be remembered. */
  private readonly rows = new RowCache(ROW_CACHE_CHARS);
  /** Whether a key is stored, for `has` (only the key is kept: lists check many resources' existence). */
  private readonly presence = new Map<string, boolean>();
  /** The keys of each list answered since the last resource write (any write clears them all); rows come from `rows`. */
  private readonly lists = new Map<string, { keys: string[]; next?: string }>();
  /** Per type and parent key, the change count of the last commit that wrote such a child (childrenVersion). */
  private readonly childrenChanged = new Map<string, number>();
  /** The change count of the last commit that may have changed any parent's children. */
  private childrenEpoch = 0;
  /** Commits and resets so far (changeCount). */
  private changes = 0;

  static open(opts: SqliteOpenOptions): SqliteStore {
    let db: BetterSqlite3.Database;
    let kind: string;
    if ("memory" in opts && opts.memory) {
      db = new Database(":memory:", databaseOptions);
      kind = "sqlite-memory";
    } else {
      const path = (opts as { path: string }).path;
      mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, databaseOptions);
      kind = "sqlite-file";
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
    }
    try {
      db.pragma("busy_timeout = 5000");
      migrate(db);
      return new SqliteStore(db, kind);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(db: BetterSqlite3.Database, kind: string) {
    this.db = db;
    this.kind = kind;
    const s = prepareStatements(db);
    this.s = s;

    this.commitTx = db.transaction((writes: Write[]) => {
      for (const w of writes) {
        switch (w.op) {
          case "put": {
            checkExpect(w.resource.key, w.expect, s.etagOf.get(w.resource.key) as string | undefined);
            const r = w.resource;
            s.putResource.run(r.key, r.id, r.parentKey, r.subscriptionId, r.type, r.etag, JSON.stringify(r.body));
            break;
          }
          case "delete": {
            checkExpect(w.key, w.expect, s.etagOf.get(w.key) as string | undefined);
            s.deleteResource.run(w.key);
            break;
          }
          case "deleteTree": {
            const [lo, hi] = childRange(w.key);
            s.deleteTree.run(w.key, lo, hi);
            break;
          }
          case "putOperation": {
            const o = w.operation;
            if (w.expectStatus !== undefined) {
              const actual = s.statusOf.get(o.id) as string | undefined;
              if (actual !== w.expectStatus) {
                throw new PreconditionError(o.id, { status: w.expectStatus }, actual);
              }
            }
            s.putOperation.run(
              o.id,
              o.subscriptionId,
              o.namespace,
              o.location,
              o.resourceKey,
              o.kind,
              o.status,
              o.startTime,
              o.endTime ?? null,
              o.dueAt,
              o.error === undefined ? null : JSON.stringify(o.error),
              o.data === undefined ? null : JSON.stringify(o.data),
            );
            break;
          }
          case "putMeta": {
            const current = (s.metaVersion.get(w.name) as number | undefined) ?? 0;
            if (w.expectVersion !== undefined && current !== w.expectVersion) {
              throw new PreconditionError(w.name, { version: w.expectVersion }, String(current));
            }
            s.putMeta.run(w.name, JSON.stringify(w.value), current + 1);
            break;
          }
          case "clearAll": {
            s.deleteAllResources.run();
            s.deleteAllOperations.run();
            break;
          }
          default:
            throw new Error(`unknown write op ${(w as { op?: unknown }).op as string}`);
        }
      }
    });

    this.claimTx = db.transaction((now: number, leaseMs: number, limit: number) => {
      const rows = s.dueOperations.all(now, now, limit) as OperationRow[];
      const until = now + leaseMs;
      for (const row of rows) s.lease.run(until, this.ownerId, row.id);
      return rows.map(toOperation);
    });

    this.resetTx = db.transaction(() => {
      s.deleteAllResources.run();
      s.deleteAllOperations.run();
      s.deleteAllMeta.run();
    });
  }

  /** This process is the file's only writer (docs/storage.md, "one process per data dir"): it counts every change. */
  changeCount(): number {
    return this.changes;
  }

  childrenVersion(parentKey: string, type: string): number {
    return Math.max(this.childrenEpoch, this.childrenChanged.get(`${type}\n${parentKey}`) ?? 0);
  }

  async get(key: string): Promise<StoredResource | undefined> {
    let row = this.rows.get(key);
    if (row === undefined) {
      row = (this.s.getResource.get(key) as ResourceRow | undefined) ?? null;
      this.rows.set(key, row);
    }
    return row === null ? undefined : toResource(row);
  }

  async has(key: string): Promise<boolean> {
    const row = this.rows.get(key);
    if (row !== undefined) return row !== null;
    let found = this.presence.get(key);
    if (found === undefined) {
      found = this.s.etagOf.get(key) !== undefined;
      setBounded(this.presence, key, found, PRESENCE_CACHE_ENTRIES);
    }
    return found;
  }

  async list(query: ListQuery): Promise<Page<StoredResource>> {
    const limit = Math.max(1, Math.floor(query.limit));
    const after = decodeCursor(query.after);
    const listKey = `${query.type}\n${query.parentKey ?? ""}\n${query.subscriptionId ?? ""}\n${after}\n${limit}`;
    const known = this.lists.get(listKey);
    if (known !== undefined) {
      const items: StoredResource[] = [];
      for (const key of known.keys) {
        const row = this.rows.get(key);
        if (!row) break;
        items.push(toResource(row));
      }
      if (items.length === known.keys.length) return known.next === undefined ? { items } : { items, next: known.next };
    }
    let rows: ResourceRow[];
    if (query.parentKey !== undefined) {
      rows = this.s.listByParent.all(query.type, query.parentKey, after, limit + 1) as ResourceRow[];
    } else if (query.subscriptionId !== undefined) {
      rows = this.s.listBySubscription.all(query.type, query.subscriptionId, after, limit + 1) as ResourceRow[];
    } else {
      rows = this.s.listByType.all(query.type, after, limit + 1) as ResourceRow[];
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const page: Page<StoredResource> = { items: rows.map(toResource) };
    if (more) page.next = encodeCursor(rows[rows.length - 1]!.key);
    for (const row of rows) this.rows.set(row.key, row);
    setBounded(this.lists, listKey, { keys: rows.map((r) => r.key), next: page.next }, LIST_CACHE_ENTRIES);
    return page;
  }

  async countUnder(key: string): Promise<number> {
    const [lo, hi] = childRange(key);
    return this.s.countUnder.get(lo, hi) as number;
  }

  async countChildren(type: string, parentKey: string, limit: number): Promise<number> {
    return this.s.countChildren.get(type, parentKey, Math.max(0, Math.floor(limit))) as number;
  }

  async commit(writes: Write[]): Promise<void> {
    if (writes.length === 0) return;
    try {
      this.commitTx(writes);
    } finally {
      // Also after a failed commit: nothing changed then, and forgetting only costs a re-read.
      this.forgetWritten(writes);
      this.changes++;
    }
  }

  private forgetWritten(writes: Write[]): void {
    // The count this commit will have: childrenVersion moves to it for what the writes touch.
    const next = this.changes + 1;
    for (const w of writes) {
      if (w.op === "put") {
        this.forgetKey(w.resource.key);
        if (this.childrenChanged.size >= CHILDREN_VERSIONS) this.childrenEpoch = next;
        if (this.childrenEpoch === next) this.childrenChanged.clear();
        else this.childrenChanged.set(`${w.resource.type}\n${w.resource.parentKey}`, next);
      } else if (w.op === "delete") {
        // A delete names no parent: every parent's children may have changed.
        this.forgetKey(w.key);
        this.childrenEpoch = next;
      } else if (w.op === "deleteTree" || w.op === "clearAll") this.forgetAll();
    }
  }

  /** A resource at `key` changed: its row and presence, and every list (it may be in any). */
  private forgetKey(key: string): void {
    this.rows.delete(key);
    this.presence.delete(key);
    this.lists.clear();
  }

  private forgetAll(): void {
    this.childrenEpoch = this.changes + 1;
    this.childrenChanged.clear();
    this.rows.clear();
    this.presence.clear();
    this.lists.clear();
  }

  async getOperation(id: string): Promise<OperationRecord | undefined> {
    const row = this.s.getOperation.get(id) as OperationRow | undefined;
    return row === undefined ? undefined : toOperation(row);
  }

  async activeOperations(resourceKey: string): Promise<OperationRecord[]> {
    return (this.s.activeOperations.all(resourceKey) as OperationRow[]).map(toOperation);
  }

  async claimDue(now: number, leaseMs: number, limit = 100): Promise<OperationRecord[]> {
    return this.claimTx(now, leaseMs, limit);
  }

  async nextDue(): Promise<number | undefined> {
    const v = this.s.nextDue.get() as number | null;
    return v === null || v === undefined ? undefined : v;
  }

  async listOperations(status?: OperationStatus): Promise<OperationRecord[]> {
    const rows = (status === undefined ? this.s.allOperations.all() : this.s.operationsWithStatus.all(status)) as OperationRow[];
    return rows.map(toOperation);
  }

  async dump(): Promise<StoreDump> {
    // One read transaction: the resources and operations belong to the same moment.
    return this.db.transaction(() => ({
      resources: (this.s.allResources.all() as ResourceRow[]).map(toResource),
      operations: (this.s.allOperations.all() as OperationRow[]).map(toOperation),
    }))();
  }

  async allMeta(): Promise<Record<string, MetaEntry>> {
    const out: Record<string, MetaEntry> = {};
    for (const row of this.s.allMeta.all() as { name: string; value: string; version: number }[]) {
      out[row.name] = { value: JSON.parse(row.value) as unknown, version: row.version };
    }
    return out;
  }

  async reset(): Promise<void> {
    try {
      this.resetTx();
    } finally {
      this.forgetAll();
      this.changes++;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Reads one PRAGMA value (diagnostics and tests), e.g. `pragma("journal_mode")`. */
  pragma(name: string): unknown {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`invalid pragma name ${name}`);
    return this.db.pragma(name, { simple: true });
  }
}

function checkExpect(key: string, expect: Expect, actualEtag: string | undefined): void {
  if (expect === undefined) return;
  if ("absent" in expect) {
    if (actualEtag !== undefined) throw new PreconditionError(key, expect, actualEtag);
  } else if ("etag" in expect) {
    if (actualEtag !== expect.etag) throw new PreconditionError(key, expect, actualEtag);
  } else if ("exists" in expect) {
    if (actualEtag === undefined) throw new PreconditionError(key, expect, actualEtag);
  }
}

function migrate(db: BetterSqlite3.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this emulator supports (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function prepareStatements(db: BetterSqlite3.Database) {
  const pluck = (sql: string) => db.prepare(sql).pluck();
  return {
    getResource: db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE key = ?`),
    etagOf: pluck(`SELECT etag FROM resources WHERE key = ?`),
    putResource: db.prepare(
      `INSERT INTO resources (${RESOURCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET id = excluded.id, parent_key = excluded.parent_key,
         subscription_id = excluded.subscription_id, type = excluded.type, etag = excluded.etag,
         body = excluded.body`,
    ),
    deleteResource: db.prepare(`DELETE FROM resources WHERE key = ?`),
    deleteTree: db.prepare(`DELETE FROM resources WHERE key = ? OR (key >= ? AND key < ?)`),
    countUnder: pluck(`SELECT count(*) FROM resources WHERE key >= ? AND key < ?`),
    countChildren: pluck(`SELECT count(*) FROM (SELECT 1 FROM resources WHERE type = ? AND parent_key = ? LIMIT ?)`),
    listByParent: db.prepare(
      `SELECT ${RESOURCE_COLUMNS} FROM resources
       WHERE type = ? AND parent_key = ? AND key > ? ORDER BY key LIMIT ?`,
    ),
    listBySubscription: db.prepare(
      `SELECT ${RESOURCE_COLUMNS} FROM resources
       WHERE type = ? AND subscription_id = ? AND key > ? ORDER BY key LIMIT ?`,
    ),
    listByType: db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE type = ? AND key > ? ORDER BY key LIMIT ?`),
    deleteAllResources: db.prepare(`DELETE FROM resources`),

    getOperation: db.prepare(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE id = ?`),
    statusOf: pluck(`SELECT status FROM operations WHERE id = ?`),
    putOperation: db.prepare(
      `INSERT INTO operations (${OPERATION_COLUMNS}, lease_until, lease_owner)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)
       ON CONFLICT (id) DO UPDATE SET subscription_id = excluded.subscription_id,
         namespace = excluded.namespace, location = excluded.location,
         resource_key = excluded.resource_key, kind = excluded.kind, status = excluded.status,
         start_time = excluded.start_time, end_time = excluded.end_time, due_at = excluded.due_at,
         error = excluded.error, data = excluded.data, lease_until = NULL, lease_owner = NULL`,
    ),
    activeOperations: db.prepare(
      `SELECT ${OPERATION_COLUMNS} FROM operations
       WHERE resource_key = ? AND status = 'InProgress' ORDER BY start_time, id`,
    ),
    dueOperations: db.prepare(
      `SELECT ${OPERATION_COLUMNS} FROM operations
       WHERE status = 'InProgress' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
       ORDER BY due_at, id LIMIT ?`,
    ),
    lease: db.prepare(`UPDATE operations SET lease_until = ?, lease_owner = ? WHERE id = ?`),
    nextDue: pluck(`SELECT min(due_at) FROM operations WHERE status = 'InProgress'`),
    deleteAllOperations: db.prepare(`DELETE FROM operations`),
    allResources: db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources ORDER BY key`),
    allOperations: db.prepare(`SELECT ${OPERATION_COLUMNS} FROM operations ORDER BY start_time, id`),
    operationsWithStatus: db.prepare(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE status = ? ORDER BY start_time, id`),

    metaVersion: pluck(`SELECT version FROM meta WHERE name = ?`),
    putMeta: db.prepare(
      `INSERT INTO meta (name, value, version) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = excluded.version`,
    ),
    allMeta: db.prepare(`SELECT name, value, version FROM meta`),
    deleteAllMeta: db.prepare(`DELETE FROM meta`),
  };
}
