import { spawn, spawnSync } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { test } from "node:test";

/**
 * Support for tests that run real, unchanged Azure clients from Debian packages (python3-azure,
 * azure-cli) against a child emulator: the install gate and a guard that keeps them off the network.
 */

/**
 * The skip rule for a Debian client package. Installed: `skip` is false. Missing: `skip` is a message
 * naming the install command, so the runner reports a SKIP with it (never a silent pass); under
 * `CI=true` a missing client is a failure instead: a failing test is registered and the suite skipped.
 */
export function debianClientGate(pkg: string): { skip: string | false } {
  const r = spawnSync("dpkg", ["-s", pkg], { encoding: "utf8", timeout: 10_000 });
  const installed = r.status === 0 && /^Status: install ok installed$/m.test(r.stdout ?? "");
  if (installed) return { skip: false };
  const message = `${pkg} is not installed (dpkg -s ${pkg}); install it with: apt-get update && apt-get install -y ${pkg}`;
  if (process.env["CI"] === "true") {
    test(`${pkg} is installed (CI=true: a missing client is a failure)`, () => {
      throw new Error(message);
    });
  } else {
    // A skipped test (counted in the runner's "skipped" total), besides the skipped suite.
    test(`${pkg} is installed`, { skip: message }, () => {});
  }
  return { skip: message };
}

/**
 * A loopback "proxy" that answers 403 to everything and records who asked. Clients get it as
 * HTTP(S)_PROXY with NO_PROXY=127.0.0.1,localhost: the emulator (loopback) is reached directly, and
 * anything else a client would send to the network (IMDS, version checks, telemetry, metadata
 * discovery) ends here instead, refused and recorded, so a test can assert that nothing tried.
 */
export interface NetworkGuard {
  /** First lines of the requests that reached the guard (e.g. `CONNECT azure.microsoft.com:443 HTTP/1.1`). */
  attempts: string[];
  /** The proxy variables, in both spellings. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startNetworkGuard(): Promise<NetworkGuard> {
  const attempts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      if (head.includes("\r\n")) return;
      head += chunk.toString("latin1");
      if (!head.includes("\r\n")) return;
      attempts.push(head.slice(0, head.indexOf("\r\n")));
      socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const noProxy = "127.0.0.1,localhost";
  return {
    attempts,
    env: { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NO_PROXY: noProxy, no_proxy: noProxy },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ShellResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A finished command as an assertion message shows it: exit, time, stdout and stderr. */
export function shellOutput(r: ShellResult): string {
  return `exit ${r.code} (${r.signal ?? "no signal"}) after ${r.ms} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/**
 * Runs `cmd args` in its own process group with exactly `env`, killed (the whole group) after
 * `timeoutMs`; `killGroupOnClose` also kills what the command left running when it ends.
 */
export function runProcess(
  cmd: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number; killGroupOnClose?: boolean },
): Promise<ShellResult> {
  const started = Date.now();
  const proc = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  proc.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const kill = () => {
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  };
  const timer = setTimeout(() => {
    stderr += `\n[killed after ${opts.timeoutMs} ms]`;
    kill();
  }, opts.timeoutMs);
  process.once("exit", kill);
  return new Promise((resolve, reject) => {
    proc.once("error", reject);
    proc.once("close", (code, signal) => {
      clearTimeout(timer);
      process.off("exit", kill);
      if (opts.killGroupOnClose) kill();
      resolve({ code, signal: signal as NodeJS.Signals | null, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs `bash -c script` with exactly `env` (nothing inherited), killed (whole process group) after `timeoutMs`. */
export function runShell(script: string, opts: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<ShellResult> {
  return runProcess("bash", ["-c", script], opts);
}

/** Single-quotes a value for bash. */
export function sh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}
