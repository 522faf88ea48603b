#!/usr/bin/env node
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { requireCjs } from "../util/cjs.js";
import { packageFile } from "../util/package-files.js";
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

/** An option's description with its default, as `--help` shows it for every option (commander's own form). */
function withDefault(description: string, value: string): string {
  return `${description} (default: ${value})`;
}

/** The package's version (its package.json). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string }).version;
}

const DEFAULT_DATA_DIR = ".aks-emulator";
/** The app's DEFAULT_LRO_DURATION_MS (app.ts loads only when an instance starts; a test keeps the two equal). */
const DEFAULT_LRO_DURATION_MS = 500;

const program = new commander.Command();
program
  .name("aks-emulator")
  .description("Local emulator of the Azure Kubernetes Service management plane (Microsoft.ContainerService)")
  .version(packageVersion(), "-V, --version", "print the version");

const startCommand = program
  .command("start")
  .description("start the emulator (HTTPS, ARM protocol) and print its endpoint when ready")
  .option("--host <host>", "address to bind (loopback only by default)", "127.0.0.1")
  .option("--port <port>", "port to listen on; 0 picks a free port", nonNegativeInt("--port", 65535), 8443)
  .option(
    "--proxy-port <port>",
    withDefault(
      "also run the interception proxy (HTTPS_PROXY for unchanged code: management.azure.com and login.microsoftonline.com) on this port; 0 picks a free port",
      "off",
    ),
    nonNegativeInt("--proxy-port", 65535),
  )
  .option(
    "--dashboard-port <port>",
    withDefault("also serve the dashboard (plain HTTP on loopback) on this port; 0 picks a free port", "off until `aks-emulator dashboard` asks for it"),
    nonNegativeInt("--dashboard-port", 65535),
  )
  .option("--data-dir <dir>", "state, runtime.json and (by default) TLS material", DEFAULT_DATA_DIR)
  .option("--in-memory", "keep the state in memory only (TLS material and runtime.json still go to the data dir)", false)
  .addOption(
    new commander.Option("--store <kind>", "where the state lives: sqlite (one file in the data dir) or postgres (a database several instances can share)")
      .choices(["sqlite", "postgres"])
      .default("sqlite"),
  )
  .addOption(
    new commander.Option("--postgres-url <url>", withDefault("PostgreSQL connection URL for --store postgres", "the PG* variables")).env(
      "AKS_EMULATOR_POSTGRES_URL",
    ),
  )
  .addOption(
    new commander.Option("--postgres-schema <name>", withDefault("PostgreSQL schema for the tables", "aks_emulator")).env("AKS_EMULATOR_POSTGRES_SCHEMA"),
  )
  .option("--tls-dir <dir>", withDefault("where the local CA, server certificate and token-signing key live (share it between instances)", "<data-dir>/tls"))
  .option(
    "--lro-duration <ms>",
    withDefault("simulated provisioning time of long-running operations, in ms (0: finish at once)", String(DEFAULT_LRO_DURATION_MS)),
    nonNegativeInt("--lro-duration"),
  )
  .option("--seed <seed>", withDefault("seed for generated values (FQDN labels, GUIDs, operation ids)", "random, printed at start"))
  .option("--log-level <level>", "fatal, error, warn, info, debug or trace", "info")
  .addOption(
    new commander.Option("--log-format <format>", "process log lines on stderr: json (one JSON object per line) or pretty (readable text)")
      .choices(["json", "pretty"])
      .default("json"),
  )
  .addOption(
    new commander.Option(
      "--role-assignment <spec>",
      'give a principal a built-in role: <client-id>=<role>[@<scope>], e.g. <id>=Reader or <id>="Network Contributor"@/subscriptions/<sub>/resourceGroups/<rg> (repeatable; also AKS_EMULATOR_ROLE_ASSIGNMENTS, comma-separated)',
    )
      .argParser((v: string, prev: string[]) => [...prev, v])
      .default([] as string[], "none"),
  )
  .option(
    "--no-identity-permission-checks",
    withDefault(
      "do not check a user-assigned control-plane identity's roles on its custom private DNS zone and subnets before creating a cluster (AKS does)",
      "checks on",
    ),
  )
  .option("--allow-non-loopback", "allow --host to name an address outside loopback (prints a warning)", false)
  .option(
    "--refuse-private-cluster-locations <locations>",
    withDefault(
      "comma-separated locations where private clusters get PrivateClusterNotAllowedInLocation (also AKS_EMULATOR_REFUSE_PRIVATE_CLUSTER_LOCATIONS)",
      "none",
    ),
  )
  .option(
    "--version-catalogue <file>",
    withDefault("JSON file of the Kubernetes versions and node images offered, replacing the built-in one (docs/version-catalogue.md)", "built in"),
  );
for (const l of LIMIT_FLAGS) startCommand.option(`${l.flag} <n>`, withDefault(l.what, String(DEFAULT_LIMITS[l.key])), positiveInt(l.flag));
startCommand.action(
  async (
    o: {
      host: string;
      port: number;
      proxyPort?: number;
      dashboardPort?: number;
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
      identityPermissionChecks: boolean;
      refusePrivateClusterLocations?: string;
      versionCatalogue?: string;
      allowNonLoopback?: boolean;
    } & Record<string, unknown>,
    cmd: Command,
  ) => {
    if (o.store === "postgres" && o.inMemory) {
      cmd.error(
        "error: --in-memory cannot be used with --store postgres: the state lives in the database. Drop --in-memory (for a throwaway run, pass a fresh --postgres-schema).",
      );
    }
    for (const flag of ["postgresUrl", "postgresSchema"] as const) {
      if (o.store !== "postgres" && cmd.getOptionValueSource(flag) === "cli") {
        cmd.error(`error: --${flag === "postgresUrl" ? "postgres-url" : "postgres-schema"} needs --store postgres.`);
      }
    }
    const { startEmulator } = await import("../app.js");
    const { bindDecision } = await import("./bind-policy.js");
    const { parseRoleAssignments } = await import("../identity/role-assignments.js");
    const bind = bindDecision(o.host, o.allowNonLoopback === true);
    if (!bind.ok) cmd.error(`error: ${bind.error}`);
    if (bind.warning) process.stderr.write(bind.warning + "\n");
    // A start that fails (a port in use, an unreachable database) takes back the files it made.
    const { filesBefore } = await import("./start-files.js");
    const made = filesBefore(o.dataDir, o.tlsDir);
    const emulator = await startEmulator({
      host: o.host,
      port: o.port,
      ...(o.proxyPort !== undefined ? { proxyPort: o.proxyPort } : {}),
      ...(o.dashboardPort !== undefined ? { dashboardPort: o.dashboardPort } : {}),
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
      identityPermissionChecks: o.identityPermissionChecks,
      refusedPrivateClusterLocations: (o.refusePrivateClusterLocations ?? process.env["AKS_EMULATOR_REFUSE_PRIVATE_CLUSTER_LOCATIONS"] ?? "")
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l !== ""),
      ...(o.versionCatalogue !== undefined ? { versionCatalogue: o.versionCatalogue } : {}),
    }).catch((err: unknown) => {
      made.removeNew();
      throw err;
    });
    process.stderr.write(`seed ${emulator.info.seed} (pass --seed ${emulator.info.seed} to get the same generated values again)\n`);
    if (emulator.info.proxyPort !== undefined) {
      process.stderr.write(
        `interception proxy on http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${emulator.info.proxyPort} (eval "$(npx aks-emulator env --proxy${dataDirArgument(o.dataDir)})")\n`,
      );
    }
    if (emulator.info.dashboardPort !== undefined) {
      process.stderr.write(`dashboard on port ${emulator.info.dashboardPort} (log in with: npx aks-emulator dashboard${dataDirArgument(o.dataDir)})\n`);
    }
    const stop = async (signal: NodeJS.Signals) => {
      await emulator.close();
      const { LazyPinoLogger } = await import("../util/logger.js");
      const log = new LazyPinoLogger(o.logLevel, o.logFormat);
      log.info({ signal, endpoint: emulator.endpoint }, "aks-emulator stopped");
      log.flush();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    // Last: whoever reads the ready line may signal the process at once.
    process.stdout.write(`aks-emulator ready at ${emulator.endpoint}\n`);
  },
);

/** ` --data-dir DIR` for a hint, when the instance was started with another data dir than the default. */
function dataDirArgument(dataDir: string): string {
  if (dataDir === DEFAULT_DATA_DIR) return "";
  return ` --data-dir ${/^[\w./@%+=:,-]+$/.test(dataDir) ? dataDir : `'${dataDir.replace(/'/g, `'\\''`)}'`}`;
}

program
  .command("env")
  .description("print shell export lines that point the Azure SDKs at the running emulator")
  .option("--data-dir <dir>", "data dir of the instance", DEFAULT_DATA_DIR)
  .option(
    "--az",
    "print the Azure CLI set-up commands instead; seeds az's config dir ($AZURE_CONFIG_DIR or ~/.azure) so that az looks for nothing online (default: off)",
  )
  .option("--proxy", "print the variables for unchanged code through the interception proxy (needs start --proxy-port) (default: off)")
  .action(async (o: { dataDir: string; az?: boolean; proxy?: boolean }) => {
    const { envCommand } = await import("./env.js");
    process.exitCode = await envCommand(o.dataDir, { az: o.az === true, proxy: o.proxy === true });
  });

program
  .command("reset")
  .description("empty the state of the instance in --data-dir (through it when it runs); keeps its CA and token-signing key")
  .option("--data-dir <dir>", "data dir of the instance", DEFAULT_DATA_DIR)
  .addOption(
    new commander.Option(
      "--store <kind>",
      "sqlite: the instance in --data-dir (through it when it runs) or its state.db; postgres: the tables of a PostgreSQL schema, directly",
    )
      .choices(["sqlite", "postgres"])
      .default("sqlite"),
  )
  .addOption(
    new commander.Option("--postgres-url <url>", withDefault("PostgreSQL connection URL for --store postgres", "the PG* variables")).env(
      "AKS_EMULATOR_POSTGRES_URL",
    ),
  )
  .addOption(
    new commander.Option("--postgres-schema <name>", withDefault("PostgreSQL schema of the tables", "aks_emulator")).env("AKS_EMULATOR_POSTGRES_SCHEMA"),
  )
  .action(async (o: { dataDir: string; store: "sqlite" | "postgres"; postgresUrl?: string; postgresSchema?: string }, cmd: Command) => {
    for (const flag of ["postgresUrl", "postgresSchema"] as const) {
      if (o.store !== "postgres" && cmd.getOptionValueSource(flag) === "cli") {
        cmd.error(`error: --${flag === "postgresUrl" ? "postgres-url" : "postgres-schema"} needs --store postgres.`);
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
  .option("--tls-dir <dir>", "where to keep them", `${DEFAULT_DATA_DIR}/tls`)
  .action(async (o: { tlsDir: string }) => {
    await import("reflect-metadata");
    const { ensureTlsMaterial, writeCaBundle } = await import("../server/tls.js");
    const { ensureSigningKey } = await import("../identity/signing-key.js");
    const tls = await ensureTlsMaterial(o.tlsDir);
    await ensureSigningKey(o.tlsDir);
    await writeCaBundle(o.tlsDir);
    process.stdout.write(`${tls.caPath}\n`);
  });

program
  .command("dashboard")
  .description("print a one-time login URL of the running instance's dashboard (starting its dashboard if it has none)")
  .option("--data-dir <dir>", "data dir of the instance", DEFAULT_DATA_DIR)
  .option("--open", "also open it in the default browser (default: off)")
  .action(async (o: { dataDir: string; open?: boolean }) => {
    const { dashboardCommand } = await import("./dashboard.js");
    process.exitCode = await dashboardCommand(o.dataDir, o.open === true);
  });

registerControlCommands(program);

// A usage error prints the error and where to read the usage, not the whole help.
(function hintAfterErrors(cmd: Command, path: string): void {
  cmd.showHelpAfterError(`(run '${path} --help' for usage)`);
  for (const sub of cmd.commands) hintAfterErrors(sub, `${path} ${sub.name()}`);
})(program, program.name());

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") {
    process.stderr.write(`aks-emulator: the port is already in use (${e.message}). Stop the other process or pass --port 0 to pick a free port.\n`);
  } else {
    process.stderr.write(`aks-emulator: ${e.message ?? String(err)}\n`);
  }
  process.exit(1);
});
