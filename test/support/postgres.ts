import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * PostgreSQL for tests. The server the tests use is `AKS_EMULATOR_TEST_POSTGRES_URL`, by default
 * the CI machines' 127.0.0.1:5432, database `test`, role `postgres` (`.ci/run` makes sure it is
 * up). Every test file works in schemas of its own (`freshSchema()`), dropped afterwards.
 *
 * Without a reachable server the PostgreSQL tests are reported as skipped, with the reason and
 * how to start one; under CI (`CI=true`) an unreachable server fails them instead.
 */

export const TEST_POSTGRES_URL = process.env["AKS_EMULATOR_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export const START_HINT =
  "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` " +
  "(role postgres, database test: `su postgres -c 'createdb test'`), or point AKS_EMULATOR_TEST_POSTGRES_URL at one";

export interface PostgresAvailability {
  /** Set when the tests can run. */
  url?: string;
  /** Why they cannot (skip reason or failure message). */
  reason?: string;
}

let probed: Promise<PostgresAvailability> | undefined;

/** Connects once to see whether the test server is there. */
export function probePostgres(): Promise<PostgresAvailability> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await sweepStaleSchemas(client);
      return { url: TEST_POSTGRES_URL };
    } catch (err) {
      return { reason: `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(err as Error).message}): ${START_HINT}` };
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probed;
}

/**
 * Drops test schemas left by test processes of this machine that were killed before their
 * `after` hook ran (the pid is in the name). Only for a server on loopback: another machine's
 * pids mean nothing here.
 */
async function sweepStaleSchemas(client: pg.Client): Promise<void> {
  const host = client.host ?? "";
  if (!(host === "127.0.0.1" || host === "::1" || host === "localhost" || host.startsWith("/"))) return;
  const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'aks\\_test\\_%'");
  for (const { nspname } of rows) {
    const pid = Number(/^aks_test_[a-z]+_(\d+)_[0-9a-f]+$/.exec(nspname)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isCi(): boolean {
  const ci = (process.env["CI"] ?? "").toLowerCase();
  return ci === "true" || ci === "1";
}

/** A schema name no other test (or test run) uses. */
export function freshSchema(prefix = "t"): string {
  return `aks_test_${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** Drops schemas (and everything in them). */
export async function dropSchemas(url: string, schemas: Iterable<string>): Promise<void> {
  const names = [...schemas];
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of names) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs one query on a short-lived connection (inspection in tests). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
