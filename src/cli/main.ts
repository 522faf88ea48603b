#!/usr/bin/env node
import type { Command } from "commander";
import { requireCjs } from "../util/cjs.js";
import { DEFAULT_LIMITS, LIMIT_FLAGS } from "../arm/limits.js";
import { registerControlCommands } from "./controls.js";

const commander = requireCjs("commander") as typeof import("commander");

/** The `aks-emulator` command line: start, env, reset, tls, and the testing controls (controls.ts). */

function nonNegativeInt(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    // Number("") is 0: an empty value is not a number either.
    if (v.trim() === "" || !Number.isInteger(n) || n < 0 || n > max) {
      throw new commander.InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `${name} must be a whole number >= 0.` : `${name} must be a whole number from 0 to ${max}.`,
      );
    }
    return n;
  };
}

function positiveInt(name: string) {
  const whole = nonNegativeInt(name);
  return (v: string): number => {
    const n = whole(v);
    if (n === 0) throw new commander.InvalidArgumentError(`${name} must be a whole number >= 1.`);
    return n;
  };
}

const program = new commander.Command();
program.name("aks-emulator").description("Local emulator of the Azure Kubernetes Service management plane (Microsoft.ContainerService)").showHelpAfterError();

const startCommand = program
  .command("start")
  .description("start the emulator (HTTPS, ARM protocol) and print its endpoint when ready")
  .option("--host <host>", "address to bind (loopback only by default)", "127.0.0.1")
  .option("--port <port>", "port to listen on; 0 picks a free port", nonNegativeInt("--port", 65535), 8443)
  .option(
    "--proxy-port <port>",
    "also run the interception proxy (HTTPS_PROXY for unchanged code: management.azure.com and login.microsoftonline.com) on this port; 0 picks a free port",
    nonNegativeInt("--proxy-port", 65535),
  )
  .option("--data-dir <dir>", "state, runtime.json and (by default) TLS material", ".aks-emulator")
  .option("--in-memory", "keep the state in memory only (TLS material and runtime.json still go to the data dir)", false)
  .addOption(
    new commander.Option("--store <kind>", "where the state lives: sqlite (one file in the data dir) or postgres (a database several instances can share)")
      .choices(["sqlite", "postgres"])
      .default("sqlite"),
  )
  .addOption(
    new commander.Option("--postgres-url <url>", "PostgreSQL connection URL for --store postgres (without it: the PG* variables)").env(
      "AKS_EMULATOR_POSTGRES_URL",
    ),
  )
  .addOption(new commander.Option("--postgres-schema <name>", "PostgreSQL schema for the tables (default aks_emulator)").env("AKS_EMULATOR_POSTGRES_SCHEMA"))
  .option("--tls-dir <dir>", "where the local CA, server certificate and token-signing key live (share it between instances)")
  .option("--lro-duration <ms>", "simulated provisioning time of long-running operations, in ms (0: finish at once)", nonNegativeInt("--lro-duration"))
  .option("--seed <seed>", "seed for generated values (FQDN labels, GUIDs, operation ids); random when not given")
  .option("--log-level <level>", "fatal, error, warn, info, debug or trace", "info")
  .addOption(
    new commander.Option("--log-format <format>", "process log lines on stderr: json (one JSON object per line) or pretty (readable text)")
      .choices(["json", "pretty"])
      .default("json"),
  )
  .option(
    "--role-assignment <spec>",
    "give a principal a role: <client-id>=<Owner|Reader>[@<scope>] (repeatable; also AKS_EMULATOR_ROLE_ASSIGNMENTS, comma-separated)",
    (v: string, prev: string[]) => [...prev, v],
    [] as string[],
  )
  .option("--allow-non-loopback", "allow --host to name an address outside loopback (prints a warning)", false)
  .option(
    "--refuse-private-cluster-locations <locations>",
    "comma-separated locations where private clusters get PrivateClusterNotAllowedInLocation (also AKS_EMULATOR_REFUSE_PRIVATE_CLUSTER_LOCATIONS)",
  );
for (const l of LIMIT_FLAGS) startCommand.option(`${l.flag} <n>`, `${l.what}; default ${DEFAULT_LIMITS[l.key]}`, positiveInt(l.flag));
startCommand.action(
  async (
    o: {
      host: string;
      port: number;
      proxyPort?: number;
      dataDir: string;
      inMemory: boolean;
      store: "sqlite" | "postgres";
      postgresUrl?: string;
      postgresSchema?: string;
      tlsDir?: string;
      lroDuration?: number;
      seed?: string;
      logLevel: string;
      logFormat: "json" | "pretty";
      roleAssignment: string[];
      refusePrivateClusterLocations?: string;
      allowNonLoopback?: boolean;
    } & Record<string, unknown>,
    cmd: Command,
  ) => {
    if (o.store === "postgres" && o.inMemory) {
      throw new Error(
        "--in-memory cannot be used with --store postgres: the state lives in the database. Drop --in-memory (for a throwaway run, pass a fresh --postgres-schema).",
      );
    }
    for (const flag of ["postgresUrl", "postgresSchema"] as const) {
      if (o.store !== "postgres" && cmd.getOptionValueSource(flag) === "cli") {
        throw new Error(`--${flag === "postgresUrl" ? "postgres-url" : "postgres-schema"} needs --store postgres.`);
      }
    }
    const { startEmulator } = await import("../app.js");
    const { bindDecision } = await import("./bind-policy.js");
    const { parseRoleAssignments } = await import("../identity/role-assignments.js");
    const bind = bindDecision(o.host, o.allowNonLoopback === true);
    if (!bind.ok) throw new Error(bind.error);
    if (bind.warning) process.stderr.write(bind.warning + "\n");
    const emulator = await startEmulator({
      host: o.host,
      port: o.port,
      ...(o.proxyPort !== undefined ? { proxyPort: o.proxyPort } : {}),
      dataDir: o.dataDir,
      inMemory: o.inMemory,
      store: o.store,
      postgresUrl: o.store === "postgres" ? o.postgresUrl : undefined,
      postgresSchema: o.store === "postgres" ? o.postgresSchema : undefined,
      tlsDir: o.tlsDir,
      lroDurationMs: o.lroDuration,
      seed: o.seed,
      logLevel: o.logLevel,
      logFormat: o.logFormat,
      limits: Object.fromEntries(
        LIMIT_FLAGS.filter((l) => o[l.key === "requestTimeoutMs" ? "requestTimeout" : l.key] !== undefined).map((l) => [
          l.key,
          o[l.key === "requestTimeoutMs" ? "requestTimeout" : l.key],
        ]),
      ),
      roleAssignments: parseRoleAssignments([...o.roleAssignment, process.env["AKS_EMULATOR_ROLE_ASSIGNMENTS"] ?? ""]),
      refusedPrivateClusterLocations: (o.refusePrivateClusterLocations ?? process.env["AKS_EMULATOR_REFUSE_PRIVATE_CLUSTER_LOCATIONS"] ?? "")
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l !== ""),
    });
    process.stderr.write(`seed ${emulator.info.seed} (pass --seed ${emulator.info.seed} to get the same generated values again)\n`);
    if (emulator.info.proxyPort !== undefined) {
      process.stderr.write(
        `interception proxy on http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${emulator.info.proxyPort} (eval "$(npx aks-emulator env --proxy)")\n`,
      );
    }
    process.stdout.write(`aks-emulator ready at ${emulator.endpoint}\n`);
    const stop = async () => {
      await emulator.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
);

program
  .command("env")
  .description("print shell export lines that point the Azure SDKs at the running emulator")
  .option("--data-dir <dir>", "data dir of the instance", ".aks-emulator")
  .option("--az", "print the Azure CLI set-up commands instead")
  .option("--proxy", "print the variables for unchanged code through the interception proxy (needs start --proxy-port)")
  .action(async (o: { dataDir: string; az?: boolean; proxy?: boolean }) => {
    const { envCommand } = await import("./env.js");
    process.exitCode = await envCommand(o.dataDir, { az: o.az === true, proxy: o.proxy === true });
  });

program
  .command("reset")
  .description("empty the state of the instance in --data-dir (through it when it runs); keeps its CA and token-signing key")
  .option("--data-dir <dir>", "data dir of the instance", ".aks-emulator")
  .addOption(
    new commander.Option(
      "--store <kind>",
      "sqlite: the instance in --data-dir (through it when it runs) or its state.db; postgres: the tables of a PostgreSQL schema, directly",
    )
      .choices(["sqlite", "postgres"])
      .default("sqlite"),
  )
  .addOption(
    new commander.Option("--postgres-url <url>", "PostgreSQL connection URL for --store postgres (without it: the PG* variables)").env(
      "AKS_EMULATOR_POSTGRES_URL",
    ),
  )
  .addOption(new commander.Option("--postgres-schema <name>", "PostgreSQL schema of the tables (default aks_emulator)").env("AKS_EMULATOR_POSTGRES_SCHEMA"))
  .action(async (o: { dataDir: string; store: "sqlite" | "postgres"; postgresUrl?: string; postgresSchema?: string }, cmd: Command) => {
    for (const flag of ["postgresUrl", "postgresSchema"] as const) {
      if (o.store !== "postgres" && cmd.getOptionValueSource(flag) === "cli") {
        throw new Error(`--${flag === "postgresUrl" ? "postgres-url" : "postgres-schema"} needs --store postgres.`);
      }
    }
    const { resetCommand } = await import("./reset.js");
    process.exitCode = await resetCommand(
      o.dataDir,
      o.store === "postgres" ? { store: "postgres", postgresUrl: o.postgresUrl, postgresSchema: o.postgresSchema } : {},
    );
  });

program
  .command("tls")
  .description("create (or reuse) the local CA, server certificate and token-signing key, and print the CA path")
  .option("--tls-dir <dir>", "where to keep them", ".aks-emulator/tls")
  .action(async (o: { tlsDir: string }) => {
    await import("reflect-metadata");
    const { ensureTlsMaterial, writeCaBundle } = await import("../server/tls.js");
    const { ensureSigningKey } = await import("../identity/signing-key.js");
    const tls = await ensureTlsMaterial(o.tlsDir);
    await ensureSigningKey(o.tlsDir);
    await writeCaBundle(o.tlsDir);
    process.stdout.write(`${tls.caPath}\n`);
  });

registerControlCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") {
    process.stderr.write(`aks-emulator: the port is already in use (${e.message}). Stop the other process or pass --port 0 to pick a free port.\n`);
  } else {
    process.stderr.write(`aks-emulator: ${e.message ?? String(err)}\n`);
  }
  process.exit(1);
});
