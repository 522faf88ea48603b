import { join } from "node:path";
import { SqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

type StoreKind = "sqlite" | "postgres";

export interface OpenStoreOptions {
  /** `sqlite` (default): `<dataDir>/state.db`, or memory with `inMemory`. `postgres`: a shared database. */
  store?: StoreKind;
  dataDir: string;
  inMemory?: boolean;
  /** PostgreSQL connection URL; without one, `pg` reads the standard PG* variables. */
  postgresUrl?: string;
  /** PostgreSQL schema for the tables (default `aks_emulator`). */
  postgresSchema?: string;
  /** Bounded pool size (default 10). */
  postgresPoolSize?: number;
  /** Errors of idle PostgreSQL connections (logged by the app). */
  onBackgroundError?: (err: Error) => void;
}

/** Opens the store the options ask for. `pg` is loaded only when PostgreSQL is used. */
export async function openStore(o: OpenStoreOptions): Promise<Store> {
  const kind = o.store ?? "sqlite";
  if (kind === "sqlite") {
    return o.inMemory ? SqliteStore.open({ memory: true }) : SqliteStore.open({ path: join(o.dataDir, "state.db") });
  }
  if (kind !== "postgres") throw new Error(`unknown store '${String(kind)}': use sqlite or postgres`);
  if (o.inMemory) {
    throw new Error(
      "--in-memory applies to the SQLite store only: with --store postgres the state lives in the database (drop --in-memory, or use a throwaway --postgres-schema)",
    );
  }
  const { PostgresStore } = await import("./postgres.js");
  return PostgresStore.open({
    url: o.postgresUrl,
    schema: o.postgresSchema,
    poolSize: o.postgresPoolSize,
    // Several instances may share the database: leases run on its clock, not on any process's.
    leaseClock: "database",
    onIdleError: o.onBackgroundError,
  });
}
