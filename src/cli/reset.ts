import { join } from "node:path";
import { existsSync } from "node:fs";
import { readRuntimeInfo, processAlive } from "../runtime-file.js";

export interface ResetStoreOptions {
  /** `postgres`: empty the tables of a PostgreSQL schema (shared by every instance on it). */
  store?: "sqlite" | "postgres";
  postgresUrl?: string;
  postgresSchema?: string;
}

/**
 * `aks-emulator reset`: empties the instance's resources and operations. Through the running
 * instance when there is one (so its caches stay right), else directly in the store file.
 * With `--store postgres`, directly in the database: every instance on the schema reads it
 * (none caches resources, and on a shared store the operation scheduler re-reads within 250 ms),
 * whether or not one of them runs in `--data-dir`.
 * The CA, server certificate and token-signing key are kept.
 */
export async function resetCommand(dataDir: string, storeOpts: ResetStoreOptions = {}): Promise<number> {
  if (storeOpts.store === "postgres") return resetPostgres(storeOpts.postgresUrl, storeOpts.postgresSchema);
  const info = await readRuntimeInfo(dataDir);
  if (info && processAlive(info.pid)) {
    const { readFile } = await import("node:fs/promises");
    const { Agent, request } = await import("node:https");
    const ca = await readFile(info.caPath, "utf8");
    const agent = new Agent({ ca });
    const token = await fetchJson(
      request,
      agent,
      `${info.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent("https://management.azure.com")}`,
      "GET",
      { "x-identity-header": info.identityHeader },
    );
    const answer = await fetchJson(request, agent, `${info.endpoint}/_emulator/reset`, "POST", {
      authorization: `Bearer ${(token.body as { access_token: string }).access_token}`,
    });
    if (answer.status !== 200) {
      process.stderr.write(`aks-emulator reset: the instance answered ${answer.status}: ${JSON.stringify(answer.body)}\n`);
      return 1;
    }
    process.stdout.write(`reset the running instance at ${info.endpoint}\n`);
    return 0;
  }
  const dbPath = join(dataDir, "state.db");
  if (!existsSync(dbPath)) {
    process.stdout.write(
      `nothing to reset in '${dataDir}' (no state.db; for a PostgreSQL store pass --store postgres [--postgres-url URL] [--postgres-schema NAME])\n`,
    );
    return 0;
  }
  const { SqliteStore } = await import("../store/sqlite.js");
  const store = SqliteStore.open({ path: dbPath });
  await store.reset();
  await store.close();
  process.stdout.write(`reset the state in ${dbPath}\n`);
  return 0;
}

async function resetPostgres(url: string | undefined, schema: string | undefined): Promise<number> {
  const { DEFAULT_PG_SCHEMA, PostgresStore, postgresSchemaExists } = await import("../store/postgres.js");
  const name = schema ?? DEFAULT_PG_SCHEMA;
  // Not PostgresStore.open first: it would create a schema that was never there (a typo'd name).
  if (!(await postgresSchemaExists(url, name))) {
    process.stdout.write(`nothing to reset: PostgreSQL has no schema '${name}'\n`);
    return 0;
  }
  const store = await PostgresStore.open({ url, schema: name, poolSize: 1 });
  try {
    await store.reset();
  } finally {
    await store.close();
  }
  process.stdout.write(`reset the state in PostgreSQL schema '${name}'\n`);
  return 0;
}

type RequestFn = typeof import("node:https").request;

function fetchJson(
  request: RequestFn,
  agent: import("node:https").Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { ...headers, "content-length": "0" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}
