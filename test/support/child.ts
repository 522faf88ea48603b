import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { RuntimeInfo } from "../../src/runtime-file.js";
import { httpsJson, type RawResponse } from "./https.js";

export { httpsJson, onEndpoint, type RawResponse } from "./https.js";

/**
 * Runs the real command line (`node dist/src/cli/main.js ...`) as a child process, for tests of the CLI
 * and of restarts. Every child is tracked and killed when the test process exits, so a failing test
 * leaks no emulator; tests still stop their children in `after`/`finally`.
 */

/** dist/src/cli/main.js, resolved from this compiled file (dist/test/support/child.js). */
export const CLI_MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
/** The repository root (dist/..): the working directory the CLI runs in. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export const READY_LINE = /^aks-emulator ready at (https:\/\/\S+)$/;
export const ARM_RESOURCE = "https://management.azure.com";

export function testTlsDir(): string {
  return resolve(REPO_ROOT, process.env["AKS_EMULATOR_TEST_TLS_DIR"] ?? ".test-tls");
}

export async function makeTempDir(prefix = "aks-emu-cli-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  /** Data dir to use (default: a new temp dir; the caller removes it). */
  dataDir?: string;
  /** `--tls-dir` value (default: the test CA dir); `null` passes no `--tls-dir`. */
  tlsDir?: string | null;
  /** `--port` value (default 0); `null` passes no `--port`. */
  port?: number | null;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the ready line (default 20 s). */
  readyTimeoutMs?: number;
}

export interface ChildEmulator {
  endpoint: string;
  dataDir: string;
  proc: ChildProcess;
  /** runtime.json as read right after the ready line. */
  info: RuntimeInfo;
  /** The CA certificate (PEM) the child's server certificate chains to. */
  ca: string;
  /** Everything the child wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` (default SIGTERM) and waits for the exit (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<ExitInfo>;
  waitExit(): Promise<ExitInfo>;
  /** A token from the child's managed-identity endpoint. */
  token(resource?: string): Promise<string>;
  /** Raw HTTPS request to `endpoint + path` with an Owner token (unless `auth: false`). */
  request(method: string, path: string, opts?: RequestOptions): Promise<RawResponse>;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** false: no Authorization header; a string: the whole header value; default: a managed-identity token. */
  auth?: false | string;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(proc: ChildProcess): void {
  live.add(proc);
  proc.once("exit", () => live.delete(proc));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const p of live) {
        try {
          p.kill("SIGKILL");
        } catch {
          /* gone */
        }
      }
    });
  }
}

/** Kills every child this module started that still runs (for `after` hooks). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...live].map((p) => stopProcess(p, "SIGKILL")));
}

function exitPromise(proc: ChildProcess): Promise<ExitInfo> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode as NodeJS.Signals | null });
  }
  return new Promise((r) => proc.once("exit", (code, signal) => r({ code, signal })));
}

async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals): Promise<ExitInfo> {
  const exited = exitPromise(proc);
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  return exited;
}

/** `node dist/src/cli/main.js start --port 0 --data-dir D --tls-dir T ...args`, resolved once the ready line is printed. */
export async function startChildEmulator(args: string[] = [], opts: ChildOptions = {}): Promise<ChildEmulator> {
  const dataDir = opts.dataDir ?? (await makeTempDir());
  const full = ["start"];
  if (opts.port !== null) full.push("--port", String(opts.port ?? 0));
  full.push("--data-dir", dataDir);
  if (opts.tlsDir !== null) full.push("--tls-dir", opts.tlsDir ?? testTlsDir());
  full.push(...args);

  const proc = spawn(process.execPath, [CLI_MAIN, ...full], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(opts.env ?? {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(proc);
  let out = "";
  let err = "";
  proc.stdout!.setEncoding("utf8");
  proc.stderr!.setEncoding("utf8");
  proc.stderr!.on("data", (c: string) => (err += c));
  const exited = exitPromise(proc);

  const timeoutMs = opts.readyTimeoutMs ?? 20_000;
  const endpoint = await new Promise<string>((resolveReady, reject) => {
    let done = false;
    const finish = (e: Error | undefined, value?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolveReady(value!);
    };
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      finish(new Error(`emulator not ready after ${timeoutMs} ms (args: ${full.join(" ")})\nstdout:\n${out}\nstderr:\n${err}`));
    }, timeoutMs);
    proc.stdout!.on("data", (c: string) => {
      out += c;
      for (const line of out.split("\n").slice(0, -1)) {
        const m = READY_LINE.exec(line);
        if (m) return finish(undefined, m[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      finish(new Error(`emulator exited before it was ready (code ${code}, signal ${signal}; args: ${full.join(" ")})\nstdout:\n${out}\nstderr:\n${err}`));
    });
    proc.once("error", (e) => finish(e));
  });

  let info: RuntimeInfo;
  let ca: string;
  try {
    info = JSON.parse(await readFile(join(dataDir, "runtime.json"), "utf8")) as RuntimeInfo;
    ca = await readFile(info.caPath, "utf8");
  } catch (e) {
    await stopProcess(proc, "SIGKILL");
    throw e;
  }

  let cachedToken: string | undefined;
  const child: ChildEmulator = {
    endpoint,
    dataDir,
    proc,
    info,
    ca,
    stdout: () => out,
    stderr: () => err,
    stop: (signal = "SIGTERM") => stopProcess(proc, signal),
    waitExit: () => exited,
    async token(resource = ARM_RESOURCE) {
      if (resource === ARM_RESOURCE && cachedToken) return cachedToken;
      const t = await identityToken(info, ca, resource);
      if (resource === ARM_RESOURCE) cachedToken = t;
      return t;
    },
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.auth !== false) headers["authorization"] = typeof o.auth === "string" ? o.auth : `Bearer ${await child.token()}`;
      return httpsJson(method, path.startsWith("https://") ? path : endpoint + path, { ca, headers, body: o.body });
    },
  };
  return child;
}

/** A token from an instance's managed-identity endpoint (App Service protocol, as DefaultAzureCredential asks). */
export async function identityToken(info: Pick<RuntimeInfo, "identityEndpoint" | "identityHeader">, ca: string, resource = ARM_RESOURCE): Promise<string> {
  const url = `${info.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`;
  const r = await httpsJson("GET", url, { ca, headers: { "x-identity-header": info.identityHeader } });
  if (r.status !== 200 || typeof r.json?.access_token !== "string") {
    throw new Error(`identity endpoint answered ${r.status}: ${r.text}`);
  }
  return r.json.access_token as string;
}

export interface CliResult extends ExitInfo {
  stdout: string;
  stderr: string;
}

/** Runs a CLI command to completion (`node dist/src/cli/main.js ...args`), killed after `timeoutMs`. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  const proc = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...(opts.env ?? {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(proc);
  let stdout = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  proc.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
  return new Promise((r, reject) => {
    proc.once("error", reject);
    proc.once("close", (code, signal) => {
      clearTimeout(timer);
      r({ code, signal: signal as NodeJS.Signals | null, stdout, stderr });
    });
  });
}

/** Resolves when `check` returns a truthy value; fails after `timeoutMs` with the last value/error. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
