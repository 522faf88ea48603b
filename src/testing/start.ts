import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { RuntimeInfo } from "../runtime-file.js";
import { AksEmulatorConnection } from "./connection.js";

/**
 * `startAksEmulator()`: a real emulator in a child process (`aks-emulator start --port 0 --in-memory`
 * on a fresh data dir), for a test file or a test session. The test process needs no environment
 * variables: the CA trust, the endpoint and the credential come back as values.
 */

export interface StartAksEmulatorOptions {
  /** Simulated provisioning time of long-running operations in ms (`--lro-duration`); the CLI default when not given. */
  lroDurationMs?: number;
  /** Seed for generated values (`--seed`). */
  seed?: string;
  /** Share one CA between instances (`--tls-dir`); default: a new CA in the data dir. */
  tlsDir?: string;
  /** Data dir (default: a new temp dir, removed by `stop`; a given one is kept). */
  dataDir?: string;
  /** Keep the state in memory (default true); false: SQLite in the data dir. */
  inMemory?: boolean;
  /** Role assignments, `<client-id>=<Owner|Reader>[@<scope>]` (`--role-assignment`). */
  roleAssignments?: string[];
  /** The emulator's log level (default `warn`); its log is kept in memory, see `logs()`. */
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** More `start` flags, passed as they are. */
  args?: string[];
  /** Environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * The Node.js binary that runs the emulator (default: the one running this process). Give another when
   * this process runs a Node version the emulator's native modules (better-sqlite3) were not built for.
   */
  nodePath?: string;
  /** How long to wait for the ready line (default 30 s). */
  readyTimeoutMs?: number;
}

/** dist/src/cli/main.js, beside this compiled file (dist/src/testing/start.js). */
export const CLI_PATH = fileURLToPath(new URL("../cli/main.js", import.meta.url));
/** Stops the emulator when this process goes away (watchdog.cts). */
const WATCHDOG_PATH = fileURLToPath(new URL("./watchdog.cjs", import.meta.url));
const READY_LINE = /^aks-emulator ready at (https:\/\/\S+)$/m;
/** Output kept for error messages and `logs()`. */
const LOG_LIMIT = 256 * 1024;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(proc: ChildProcess): void {
  running.add(proc);
  proc.once("exit", () => running.delete(proc));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test process that ends without stop() leaves no emulator behind.
  process.once("exit", () => {
    for (const p of running) p.kill("SIGKILL");
  });
}

export class StartedAksEmulator extends AksEmulatorConnection {
  readonly #proc: ChildProcess;
  readonly #ownsDataDir: boolean;
  readonly #logs: () => string;
  #stopped: Promise<void> | undefined;

  constructor(info: RuntimeInfo, caPem: string, proc: ChildProcess, ownsDataDir: boolean, logs: () => string) {
    super(info, caPem);
    this.#proc = proc;
    this.#ownsDataDir = ownsDataDir;
    this.#logs = logs;
  }

  /** Process id of the emulator. */
  get pid(): number {
    return this.#proc.pid!;
  }

  /** What the emulator wrote to stdout and stderr (its log), up to the last 256 KiB. */
  logs(): string {
    return this.#logs();
  }

  /** Stops the emulator (SIGTERM, SIGKILL after 5 s), closes connections, removes the temp data dir. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.close();
      // Waiting for the exit must keep this process alive (the child was unref'd once ready).
      this.#proc.ref();
      await stopChild(this.#proc, 5_000);
      if (this.#ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
    })();
    return this.#stopped;
  }
}

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((r) => proc.once("exit", () => r()));
}

async function stopChild(proc: ChildProcess, graceMs: number): Promise<void> {
  const done = exited(proc);
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    await done;
    clearTimeout(timer);
  }
}

function startArgs(dataDir: string, o: StartAksEmulatorOptions): string[] {
  const args = ["start", "--port", "0", "--data-dir", dataDir, "--log-level", o.logLevel ?? "warn"];
  if (o.inMemory !== false) args.push("--in-memory");
  if (o.tlsDir !== undefined) args.push("--tls-dir", resolve(o.tlsDir));
  if (o.lroDurationMs !== undefined) args.push("--lro-duration", String(o.lroDurationMs));
  if (o.seed !== undefined) args.push("--seed", o.seed);
  for (const r of o.roleAssignments ?? []) args.push("--role-assignment", r);
  args.push(...(o.args ?? []));
  return args;
}

/** Starts an emulator in a child process and resolves once it is ready, connected. */
export async function startAksEmulator(options: StartAksEmulatorOptions = {}): Promise<StartedAksEmulator> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), "aks-emulator-"))));
  const args = startArgs(dataDir, options);
  // stdin: a pipe that only the watchdog reads; it closes when this process ends, however it ends.
  const proc = spawn(options.nodePath ?? process.execPath, ["--require", WATCHDOG_PATH, CLI_PATH, ...args], {
    env: options.env ?? process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  proc.stdin!.on("error", () => undefined);
  killOnExit(proc);
  let output = "";
  const append = (c: string) => {
    output += c;
    if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT);
  };
  proc.stdout!.setEncoding("utf8").on("data", append);
  proc.stderr!.setEncoding("utf8").on("data", append);
  const fail = async (why: string): Promise<never> => {
    proc.kill("SIGKILL");
    await exited(proc);
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw new Error(`aks-emulator ${why} (${options.nodePath ?? process.execPath} ${CLI_PATH} ${args.join(" ")})\n${output}`);
  };

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const ready = await new Promise<string | Error>((resolveReady) => {
    const timer = setTimeout(() => resolveReady(new Error(`was not ready after ${timeoutMs} ms`)), timeoutMs);
    const onData = () => {
      const m = READY_LINE.exec(output);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off("data", onData);
        resolveReady(m[1]!);
      }
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolveReady(new Error(`exited before it was ready (code ${code}, signal ${signal})`));
    });
    proc.once("error", (e) => {
      clearTimeout(timer);
      resolveReady(e);
    });
  });
  if (ready instanceof Error) return fail(ready.message);

  let info: RuntimeInfo;
  let caPem: string;
  try {
    info = JSON.parse(await readFile(join(dataDir, "runtime.json"), "utf8")) as RuntimeInfo;
    caPem = await readFile(info.caPath, "utf8");
  } catch (e) {
    return fail(`was ready, but its runtime.json could not be read: ${(e as Error).message}`);
  }
  if (info.endpoint !== ready || info.pid !== proc.pid) return fail(`printed ${ready}, but runtime.json names ${info.endpoint} (pid ${info.pid})`);
  // Neither the child nor its pipes keep this process alive: a test file that forgets stop() still ends
  // (and the exit hook kills the child).
  proc.unref();
  (proc.stdin as unknown as { unref?: () => void }).unref?.();
  (proc.stdout as unknown as { unref?: () => void }).unref?.();
  (proc.stderr as unknown as { unref?: () => void }).unref?.();
  return new StartedAksEmulator(info, caPem, proc, ownsDataDir, () => output);
}
