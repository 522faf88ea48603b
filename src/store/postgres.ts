/**
 * PostgreSQL backend of the Store contract, on `pg` (node-postgres) with a bounded pool.
 *
 * Layout: one PostgreSQL schema (default `aks_emulator`) holds `schema_version`, `resources` and
 * `operations`, with the same columns as the SQLite backend. Keys (and the other lookup columns)
 * use `COLLATE "C"`, so `ORDER BY key` and the range comparisons are bytewise, exactly as SQLite's
 * BINARY collation: list continuations and `deleteTree`/`countUnder` prefix ranges behave the
 * same on both backends. Bodies are TEXT holding JSON (not JSONB: JSONB reorders object keys,
 * and the emulator's answers must keep the order the providers wrote).
 *
 * Writes: `commit(writes)` runs on one pooled client. Every precondition is checked by the
 * statement that applies the write, on the latest committed row version, under its row lock
 * (READ COMMITTED re-evaluates the WHERE clause of an UPDATE/DELETE after waiting for a
 * concurrent writer):
 *   - `{etag}`:   UPDATE/DELETE ... WHERE key = $k AND etag = $e  -> rowCount must be 1
 *   - `{exists}`: UPDATE/DELETE ... WHERE key = $k                -> rowCount must be 1
 *   - `{absent}`: INSERT ... ON CONFLICT (key) DO NOTHING          -> rowCount must be 1
 *     (a concurrent uncommitted insert of the same key makes us wait for its outcome, so two
 *     concurrent creates can never both win)
 *   - `expectStatus`: UPDATE operations ... WHERE id = $i AND status = $s
 * A batch of one write is a single autocommit statement; a longer batch is BEGIN ... COMMIT,
 * and the first failed precondition rolls it back and throws PreconditionError. Deadlocks and
 * serialization failures (40P01/40001) retry the whole batch a few times. No caller code runs
 * inside a transaction: the batch is plain data.
 *
 * Operation work: `claimDue` leases due operations with
 *   WITH due AS (SELECT id ... ORDER BY due_at, id LIMIT n FOR UPDATE SKIP LOCKED)
 *   UPDATE operations SET lease_until = ..., lease_owner = ... FROM due ... RETURNING ...
 * so concurrent claimers (pool clients of one process, or several processes) never hand out one
 * operation twice.
 *
 * Migrations: on open, in one transaction guarded by `pg_advisory_xact_lock` (keyed on the
 * schema name), so instances starting at once do not race: CREATE SCHEMA IF NOT EXISTS, a
 * one-row `schema_version` table, then the pending migrations. A database newer than this code
 * is refused.
 *
 * ---------------------------------------------------------------------------------------------
 * Design notes: several emulator processes on one database (issue 6, items 3-4)
 * ---------------------------------------------------------------------------------------------
 * - Everything that must be atomic across processes already is: ETag CAS and create-if-absent
 *   are single conditional statements under row locks; a commit is one transaction; reads go
 *   to the database (no per-process cache of resources), so a write through one instance is
 *   read through another at once.
 * - Due-ness (`due_at <= now`) stays on the emulator clock the caller passes: operations finish
 *   on emulator time, which tests can move forward. Processes on one machine share the wall
 *   clock; a `clock.advance` in one process is not seen by the others (the testing controls
 *   would have to store the clock offset in the database to be shared).
 * - Leases should not depend on any process's clock: with `leaseClock: "database"` (what the
 *   emulator uses for PostgreSQL) a lease is taken and judged on the database's clock
 *   (`statement_timestamp()` in ms), so a process whose emulator clock was advanced, or a host
 *   whose clock is skewed, cannot steal another's lease, and a lease taken by a process that
 *   was killed expires `leaseMs` later by the database's time. The Store contract suite runs
 *   with the caller's clock (`leaseClock: "caller"`, the default), which is what SQLite does.
 * - `LroEngine.nextDueHint` (src/arm/lro.ts) caches "nothing due before T" per process (and
 *   +Infinity when the store had nothing in flight), which is exact for a store only one process
 *   writes. With a shared store (`store.shared === true` here) the hint is capped at now + 250 ms,
 *   so the Scheduler's tick (every 250 ms) asks the database again and every live instance claims
 *   due work, including what a killed instance left, within a tick or two; `claimDue` with
 *   SKIP LOCKED makes that safe (test/integration/multi-instance.test.ts, test/unit/lro-shared-store.test.ts).
 * - Tokens: the signing key and CA live in the TLS dir; instances share them by pointing
 *   `--tls-dir` at one directory (or, later, by storing them in a table of this schema).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
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

/** Schema migrations, in order; `{s}` stands for the quoted schema name. Append only. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE {s}.resources (
    key             TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    id              TEXT NOT NULL,
    parent_key      TEXT COLLATE "C" NOT NULL,
    subscription_id TEXT COLLATE "C" NOT NULL,
    type            TEXT COLLATE "C" NOT NULL,
    etag            TEXT NOT NULL,
    body            TEXT NOT NULL
  );
  CREATE INDEX resources_type_parent ON {s}.resources (type, parent_key, key);
  CREATE INDEX resources_type_subscription ON {s}.resources (type, subscription_id, key);

  CREATE TABLE {s}.operations (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    subscription_id TEXT NOT NULL,
    namespace       TEXT NOT NULL,
    location        TEXT NOT NULL,
    resource_key    TEXT COLLATE "C" NOT NULL,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    start_time      BIGINT NOT NULL,
    end_time        BIGINT,
    due_at          BIGINT NOT NULL,
    error           TEXT,
    data            TEXT,
    lease_until     BIGINT,
    lease_owner     TEXT
  );
  CREATE INDEX operations_status_due ON {s}.operations (status, due_at);
  CREATE INDEX operations_resource_status ON {s}.operations (resource_key, status);
  `,
  `
  CREATE TABLE {s}.meta (
    name    TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    value   TEXT NOT NULL,
    version BIGINT NOT NULL
  );
  `,
];

/** The schema version this code writes. */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

export const DEFAULT_PG_SCHEMA = "aks_emulator";
const DEFAULT_PG_POOL_SIZE = 10;

/** Arbitrary constant: the first half of the advisory lock key that guards migrations. */
const MIGRATION_LOCK_CLASS = 0x414b53; // "AKS"

export interface PostgresOpenOptions {
  /** A libpq-style connection URL. When absent, `pg` uses the standard PG* variables (PGHOST, ...). */
  url?: string;
  /** PostgreSQL schema that holds the tables (created when missing). Default `aks_emulator`. */
  schema?: string;
  /** Most connections the pool opens. Default 10. */
  poolSize?: number;
  /**
   * Which clock leases are taken and judged on: `caller` (the `now` passed to claimDue, as the
   * SQLite backend does; the default) or `database` (the server's clock: safe across processes).
   */
  leaseClock?: "caller" | "database";
  /** Called with errors of idle pooled connections (e.g. the server restarted). */
  onIdleError?: (err: Error) => void;
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can). No stored key contains one, so a read with
 * one in its key finds nothing, as it would on SQLite; a write with one is refused.
 */
const hasNul = (v: string): boolean => v.includes("\u0000");

function assertNoNul(what: string, v: string): void {
  if (hasNul(v)) throw new Error(`PostgreSQL cannot store a ${what} containing U+0000`);
}

function resourceParams(r: StoredResource): unknown[] {
  return [r.key, r.id, r.parentKey, r.subscriptionId, r.type, r.etag, JSON.stringify(r.body)];
}

function operationParams(o: OperationRecord): unknown[] {
  return [
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
  ];
}

/** SQLSTATEs after which the whole batch is simply tried again. */
const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 6;

function isRetryable(err: unknown): boolean {
  return typeof err === "object" && err !== null && RETRYABLE.has((err as { code?: string }).code ?? "");
}

/** A PostgreSQL identifier we accept for the schema: plain, so quoting is never ambiguous. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

type Statements = ReturnType<typeof statements>;
type Sql = { name: string; text: string };

export class PostgresStore implements Store {
  readonly kind = "postgres";
  /** Several processes may share this store: caches of "what is in the store" must expire. */
  readonly shared = true;
  /** Random id this store writes into `lease_owner` when it claims operations. */
  readonly ownerId = randomUUID();
  readonly schema: string;

  private readonly s: Statements;
  private closed = false;

  static async open(opts: PostgresOpenOptions = {}): Promise<PostgresStore> {
    const schema = opts.schema ?? DEFAULT_PG_SCHEMA;
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(`invalid PostgreSQL schema name '${schema}': use lower-case letters, digits and '_' (at most 63, not starting with a digit)`);
    }
    const poolSize = opts.poolSize ?? DEFAULT_PG_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`PostgreSQL pool size must be a whole number >= 1, not ${poolSize}`);
    const config: pg.PoolConfig = {
      max: poolSize,
      application_name: "aks-emulator",
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      // Idle pooled connections alone do not keep the process alive (a failed start, a test).
      allowExitOnIdle: true,
    };
    if (opts.url !== undefined && opts.url !== "") config.connectionString = opts.url;
    const pool = new pg.Pool(config);
    // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
    pool.on("error", (err) => opts.onIdleError?.(err));
    try {
      await migrate(pool, schema);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw describeConnectError(err, opts.url);
    }
    return new PostgresStore(pool, schema, opts.leaseClock ?? "caller");
  }

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly leaseClock: "caller" | "database",
  ) {
    this.schema = schema;
    this.s = statements(`"${schema}"`);
  }

  private q<R extends pg.QueryResultRow>(sql: Sql, values: unknown[], client?: pg.PoolClient): Promise<pg.QueryResult<R>> {
    const config = { name: sql.name, text: sql.text, values };
    return client ? client.query<R>(config) : this.pool.query<R>(config);
  }

  /** Other instances write to the same database unseen: no count. */
  childrenVersion(): undefined {
    return undefined;
  }

  changeCount(): undefined {
    return undefined;
  }

  async get(key: string): Promise<StoredResource | undefined> {
    if (hasNul(key)) return undefined;
    const { rows } = await this.q<ResourceRow>(this.s.getResource, [key]);
    return rows[0] === undefined ? undefined : toResource(rows[0]);
  }

  async has(key: string): Promise<boolean> {
    if (hasNul(key)) return false;
    const { rows } = await this.q<{ etag: string }>(this.s.etagOf, [key]);
    return rows.length > 0;
  }

  async list(query: ListQuery): Promise<Page<StoredResource>> {
    const limit = Math.max(1, Math.floor(query.limit));
    if (hasNul(query.type) || hasNul(query.parentKey ?? "") || hasNul(query.subscriptionId ?? "")) return { items: [] };
    // Keys hold no U+0000, so "after P + U+0000 + anything" is exactly "after P".
    const decoded = decodeCursor(query.after);
    const after = hasNul(decoded) ? decoded.slice(0, decoded.indexOf("\u0000")) : decoded;
    let rows: ResourceRow[];
    if (query.parentKey !== undefined) {
      rows = (await this.q<ResourceRow>(this.s.listByParent, [query.type, query.parentKey, after, limit + 1])).rows;
    } else if (query.subscriptionId !== undefined) {
      rows = (await this.q<ResourceRow>(this.s.listBySubscription, [query.type, query.subscriptionId, after, limit + 1])).rows;
    } else {
      rows = (await this.q<ResourceRow>(this.s.listByType, [query.type, after, limit + 1])).rows;
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const page: Page<StoredResource> = { items: rows.map(toResource) };
    if (more) page.next = encodeCursor(rows[rows.length - 1]!.key);
    return page;
  }

  async countUnder(key: string): Promise<number> {
    if (hasNul(key)) return 0;
    const [lo, hi] = childRange(key);
    const { rows } = await this.q<{ n: string }>(this.s.countUnder, [lo, hi]);
    return Number(rows[0]!.n);
  }

  async countChildren(type: string, parentKey: string, limit: number): Promise<number> {
    if (hasNul(type) || hasNul(parentKey)) return 0;
    const { rows } = await this.q<{ n: string }>(this.s.countChildren, [type, parentKey, Math.max(0, Math.floor(limit))]);
    return Number(rows[0]!.n);
  }

  async commit(writes: Write[]): Promise<void> {
    if (writes.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      const inTx = writes.length > 1;
      try {
        if (inTx) await client.query("BEGIN");
        for (const w of writes) await this.apply(client, w);
        if (inTx) await client.query("COMMIT");
        return;
      } catch (err) {
        if (inTx) {
          try {
            await client.query("ROLLBACK");
          } catch (rollbackErr) {
            broken = rollbackErr as Error; // the connection is unusable: do not pool it again
          }
        }
        if (!(err instanceof PreconditionError) && isRetryable(err) && attempt < MAX_ATTEMPTS && !broken) {
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
          continue;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  /** Applies one write on `client`; throws PreconditionError when its precondition fails. */
  private async apply(client: pg.PoolClient, w: Write): Promise<void> {
    const s = this.s;
    switch (w.op) {
      case "put": {
        const r = w.resource;
        assertNoNul("resource key", r.key);
        const expect = w.expect;
        let res: pg.QueryResult;
        if (expect === undefined) {
          await this.q(s.upsertResource, resourceParams(r), client);
          return;
        } else if ("absent" in expect) {
          res = await this.q(s.insertResourceIfAbsent, resourceParams(r), client);
        } else if ("etag" in expect) {
          res = await this.q(s.updateResourceIfEtag, [...resourceParams(r), expect.etag], client);
        } else {
          res = await this.q(s.updateResource, resourceParams(r), client);
        }
        if (res.rowCount !== 1) await this.fail(client, r.key, expect);
        return;
      }
      case "delete": {
        const expect = w.expect;
        if (hasNul(w.key)) {
          // Nothing with such a key exists: a delete finds nothing, as on SQLite.
          if (expect !== undefined && !("absent" in expect)) throw new PreconditionError(w.key, expect, undefined);
          return;
        }
        if (expect !== undefined && "absent" in expect) {
          // Deleting what must not exist: the key must be absent, and then there is nothing to delete.
          const { rows } = await this.q<{ etag: string }>(s.etagOfForUpdate, [w.key], client);
          if (rows[0] !== undefined) throw new PreconditionError(w.key, expect, rows[0].etag);
          return;
        }
        const res =
          expect !== undefined && "etag" in expect
            ? await this.q(s.deleteResourceIfEtag, [w.key, expect.etag], client)
            : await this.q(s.deleteResource, [w.key], client);
        if (expect !== undefined && res.rowCount !== 1) await this.fail(client, w.key, expect);
        return;
      }
      case "deleteTree": {
        if (hasNul(w.key)) return;
        const [lo, hi] = childRange(w.key);
        await this.q(s.deleteTree, [w.key, lo, hi], client);
        return;
      }
      case "putOperation": {
        const o = w.operation;
        assertNoNul("operation id", o.id);
        if (w.expectStatus === undefined) {
          await this.q(s.upsertOperation, operationParams(o), client);
          return;
        }
        const res = await this.q(s.updateOperationIfStatus, [...operationParams(o), w.expectStatus], client);
        if (res.rowCount !== 1) {
          const { rows } = await this.q<{ status: string }>(s.statusOf, [o.id], client);
          throw new PreconditionError(o.id, { status: w.expectStatus }, rows[0]?.status);
        }
        return;
      }
      case "putMeta": {
        assertNoNul("setting name", w.name);
        const value = JSON.stringify(w.value);
        if (w.expectVersion === undefined) {
          await this.q(s.upsertMeta, [w.name, value], client);
          return;
        }
        const res =
          w.expectVersion === 0
            ? await this.q(s.insertMetaIfAbsent, [w.name, value], client)
            : await this.q(s.updateMetaIfVersion, [w.name, value, w.expectVersion], client);
        if (res.rowCount !== 1) {
          const { rows } = await this.q<{ version: string }>(s.metaVersion, [w.name], client);
          throw new PreconditionError(w.name, { version: w.expectVersion }, rows[0]?.version ?? "0");
        }
        return;
      }
      case "clearAll": {
        await client.query(s.clearAll.text);
        return;
      }
      default:
        throw new Error(`unknown write op ${(w as { op?: unknown }).op as string}`);
    }
  }

  /** Throws the PreconditionError of a write that changed no row, with the ETag there now. */
  private async fail(client: pg.PoolClient, key: string, expect: Expect): Promise<never> {
    const { rows } = await this.q<{ etag: string }>(this.s.etagOf, [key], client);
    throw new PreconditionError(key, expect, rows[0]?.etag);
  }

  async getOperation(id: string): Promise<OperationRecord | undefined> {
    if (hasNul(id)) return undefined;
    const { rows } = await this.q<OperationRow>(this.s.getOperation, [id]);
    return rows[0] === undefined ? undefined : toOperation(rows[0]);
  }

  async activeOperations(resourceKey: string): Promise<OperationRecord[]> {
    if (hasNul(resourceKey)) return [];
    return (await this.q<OperationRow>(this.s.activeOperations, [resourceKey])).rows.map(toOperation);
  }

  async claimDue(now: number, leaseMs: number, limit = 100): Promise<OperationRecord[]> {
    const sql = this.leaseClock === "database" ? this.s.claimDueDbClock : this.s.claimDue;
    const { rows } = await this.q<OperationRow>(sql, [Math.floor(now), Math.floor(leaseMs), this.ownerId, Math.max(1, Math.floor(limit))]);
    // RETURNING has no order: earliest due first, as the contract says.
    const ops = rows.map(toOperation);
    ops.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return ops;
  }

  async nextDue(): Promise<number | undefined> {
    const { rows } = await this.q<{ next: string | null }>(this.s.nextDue, []);
    const v = rows[0]?.next;
    return v === null || v === undefined ? undefined : Number(v);
  }

  /** The database's clock, in ms since the epoch (what `leaseClock: "database"` leases on). */
  async databaseNow(): Promise<number> {
    const { rows } = await this.q<{ now: string }>(this.s.databaseNow, []);
    return Number(rows[0]!.now);
  }

  async listOperations(status?: OperationStatus): Promise<OperationRecord[]> {
    const { rows } =
      status === undefined ? await this.q<OperationRow>(this.s.allOperations, []) : await this.q<OperationRow>(this.s.operationsWithStatus, [status]);
    return rows.map(toOperation);
  }

  async dump(): Promise<StoreDump> {
    // One snapshot: the resources and operations belong to the same moment.
    return inTransaction(this.pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (client) => ({
      resources: (await this.q<ResourceRow>(this.s.allResources, [], client)).rows.map(toResource),
      operations: (await this.q<OperationRow>(this.s.allOperations, [], client)).rows.map(toOperation),
    }));
  }

  async allMeta(): Promise<Record<string, MetaEntry>> {
    const out: Record<string, MetaEntry> = {};
    for (const row of (await this.q<{ name: string; value: string; version: string }>(this.s.allMeta, [])).rows) {
      out[row.name] = { value: JSON.parse(row.value) as unknown, version: Number(row.version) };
    }
    return out;
  }

  async reset(): Promise<void> {
    await inTransaction(this.pool, "BEGIN", async (client) => {
      await client.query(this.s.deleteAll.text);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function statements(s: string) {
  // Statement names are per connection, and every store has its own pool: no clash between schemas.
  const sql = (name: string, text: string): Sql => ({ name: `aks_${name}`, text });
  const upsertResourceTail = `ON CONFLICT (key) DO UPDATE SET id = excluded.id, parent_key = excluded.parent_key,
         subscription_id = excluded.subscription_id, type = excluded.type, etag = excluded.etag, body = excluded.body`;
  const operationValues = `($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL)`;
  const operationSet = `subscription_id = $2, namespace = $3, location = $4, resource_key = $5, kind = $6, status = $7,
         start_time = $8, end_time = $9, due_at = $10, error = $11, data = $12, lease_until = NULL, lease_owner = NULL`;
  const resourceSet = `id = $2, parent_key = $3, subscription_id = $4, type = $5, etag = $6, body = $7`;
  const dueFilter = (leaseNow: string) => `
    WITH due AS (
      SELECT id FROM ${s}.operations
      WHERE status = 'InProgress' AND due_at <= $1 AND (lease_until IS NULL OR lease_until <= ${leaseNow})
      ORDER BY due_at, id LIMIT $4
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${s}.operations o SET lease_until = ${leaseNow} + $2, lease_owner = $3
    FROM due WHERE o.id = due.id
    RETURNING ${OPERATION_COLUMNS.split(", ")
      .map((c) => `o.${c}`)
      .join(", ")}`;
  const dbNowMs = `(extract(epoch from statement_timestamp()) * 1000)::bigint`;
  return {
    getResource: sql("get_resource", `SELECT ${RESOURCE_COLUMNS} FROM ${s}.resources WHERE key = $1`),
    etagOf: sql("etag_of", `SELECT etag FROM ${s}.resources WHERE key = $1`),
    etagOfForUpdate: sql("etag_of_for_update", `SELECT etag FROM ${s}.resources WHERE key = $1 FOR UPDATE`),
    upsertResource: sql("upsert_resource", `INSERT INTO ${s}.resources (${RESOURCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ${upsertResourceTail}`),
    insertResourceIfAbsent: sql(
      "insert_resource_if_absent",
      `INSERT INTO ${s}.resources (${RESOURCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
    ),
    updateResource: sql("update_resource", `UPDATE ${s}.resources SET ${resourceSet} WHERE key = $1`),
    updateResourceIfEtag: sql("update_resource_if_etag", `UPDATE ${s}.resources SET ${resourceSet} WHERE key = $1 AND etag = $8`),
    deleteResource: sql("delete_resource", `DELETE FROM ${s}.resources WHERE key = $1`),
    deleteResourceIfEtag: sql("delete_resource_if_etag", `DELETE FROM ${s}.resources WHERE key = $1 AND etag = $2`),
    deleteTree: sql("delete_tree", `DELETE FROM ${s}.resources WHERE key = $1 OR (key >= $2 AND key < $3)`),
    countUnder: sql("count_under", `SELECT count(*) AS n FROM ${s}.resources WHERE key >= $1 AND key < $2`),
    countChildren: sql("count_children", `SELECT count(*) AS n FROM (SELECT 1 FROM ${s}.resources WHERE type = $1 AND parent_key = $2 LIMIT $3) AS c`),
    listByParent: sql(
      "list_by_parent",
      `SELECT ${RESOURCE_COLUMNS} FROM ${s}.resources WHERE type = $1 AND parent_key = $2 AND key > $3 ORDER BY key LIMIT $4`,
    ),
    listBySubscription: sql(
      "list_by_subscription",
      `SELECT ${RESOURCE_COLUMNS} FROM ${s}.resources WHERE type = $1 AND subscription_id = $2 AND key > $3 ORDER BY key LIMIT $4`,
    ),
    listByType: sql("list_by_type", `SELECT ${RESOURCE_COLUMNS} FROM ${s}.resources WHERE type = $1 AND key > $2 ORDER BY key LIMIT $3`),

    getOperation: sql("get_operation", `SELECT ${OPERATION_COLUMNS} FROM ${s}.operations WHERE id = $1`),
    statusOf: sql("status_of", `SELECT status FROM ${s}.operations WHERE id = $1`),
    upsertOperation: sql(
      "upsert_operation",
      `INSERT INTO ${s}.operations (${OPERATION_COLUMNS}, lease_until, lease_owner) VALUES ${operationValues}
       ON CONFLICT (id) DO UPDATE SET ${operationSet}`,
    ),
    updateOperationIfStatus: sql("update_operation_if_status", `UPDATE ${s}.operations SET ${operationSet} WHERE id = $1 AND status = $13`),
    activeOperations: sql(
      "active_operations",
      `SELECT ${OPERATION_COLUMNS} FROM ${s}.operations WHERE resource_key = $1 AND status = 'InProgress' ORDER BY start_time, id`,
    ),
    claimDue: sql("claim_due", dueFilter("$1::bigint")),
    claimDueDbClock: sql("claim_due_db_clock", dueFilter(dbNowMs)),
    nextDue: sql("next_due", `SELECT min(due_at) AS next FROM ${s}.operations WHERE status = 'InProgress'`),
    databaseNow: sql("database_now", `SELECT ${dbNowMs} AS now`),
    deleteAll: sql("delete_all", `DELETE FROM ${s}.resources; DELETE FROM ${s}.operations; DELETE FROM ${s}.meta`),
    clearAll: sql("clear_all", `DELETE FROM ${s}.resources; DELETE FROM ${s}.operations`),
    allResources: sql("all_resources", `SELECT ${RESOURCE_COLUMNS} FROM ${s}.resources ORDER BY key`),
    allOperations: sql("all_operations", `SELECT ${OPERATION_COLUMNS} FROM ${s}.operations ORDER BY start_time, id`),
    operationsWithStatus: sql("operations_with_status", `SELECT ${OPERATION_COLUMNS} FROM ${s}.operations WHERE status = $1 ORDER BY start_time, id`),
    allMeta: sql("all_meta", `SELECT name, value, version FROM ${s}.meta`),
    metaVersion: sql("meta_version", `SELECT version FROM ${s}.meta WHERE name = $1`),
    upsertMeta: sql(
      "upsert_meta",
      `INSERT INTO ${s}.meta (name, value, version) VALUES ($1, $2, 1) ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = ${s}.meta.version + 1`,
    ),
    insertMetaIfAbsent: sql("insert_meta_if_absent", `INSERT INTO ${s}.meta (name, value, version) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING`),
    updateMetaIfVersion: sql("update_meta_if_version", `UPDATE ${s}.meta SET value = $2, version = version + 1 WHERE name = $1 AND version = $3`),
  };
}

/**
 * Runs `fn` on one pooled client between `begin` and COMMIT; ROLLBACK when it throws (a client
 * whose ROLLBACK fails is not pooled again).
 */
async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const q = `"${schema}"`;
  await inTransaction(pool, "BEGIN", async (client) => {
    // Instances starting at once on one schema take turns; the lock ends with the transaction.
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [MIGRATION_LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${q}.schema_version (
         singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
         version   INTEGER NOT NULL
       )`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${q}.schema_version`);
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(`database schema version ${current} (schema '${schema}') is newer than this emulator supports (${MIGRATIONS.length})`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v]!.replaceAll("{s}", q));
    if (current < MIGRATIONS.length) {
      await client.query(
        `INSERT INTO ${q}.schema_version (singleton, version) VALUES (TRUE, $1)
         ON CONFLICT (singleton) DO UPDATE SET version = excluded.version`,
        [MIGRATIONS.length],
      );
    }
  });
}

/** Connection failures name where we tried to connect and how to fix it. */
/**
 * Whether `schema` exists on the server (without creating it, unlike `PostgresStore.open`):
 * `aks-emulator reset` checks before it opens the store. Connection failures say where it tried.
 */
export async function postgresSchemaExists(url: string | undefined, schema: string = DEFAULT_PG_SCHEMA): Promise<boolean> {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name '${schema}': use lower-case letters, digits and '_' (at most 63, not starting with a digit)`);
  }
  const client = new pg.Client({
    ...(url !== undefined && url !== "" ? { connectionString: url } : {}),
    application_name: "aks-emulator",
    connectionTimeoutMillis: 10_000,
  });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    return rows.length > 0;
  } catch (err) {
    throw describeConnectError(err, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describeConnectError(err: unknown, url: string | undefined): unknown {
  const e = err as NodeJS.ErrnoException & { code?: string };
  const connectCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "28P01", "28000", "3D000"]);
  const timeout = typeof e?.message === "string" && /timeout/i.test(e.message);
  if (!connectCodes.has(e?.code ?? "") && !timeout) return err;
  const where = url ? redactUrl(url) : "the server from the PG* environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE)";
  const wrapped = new Error(`cannot use PostgreSQL at ${where}: ${e.message}`);
  (wrapped as NodeJS.ErrnoException).code = e.code;
  (wrapped as { cause?: unknown }).cause = err;
  return wrapped;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "the configured URL";
  }
}
