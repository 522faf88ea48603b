import { mkdir, readFile, rename, writeFile, unlink } from "node:fs/promises";
import { join } from "node:path";

/** `<data-dir>/runtime.json`: how other commands (env, reset) find a running instance. */
export interface RuntimeInfo {
  endpoint: string;
  identityEndpoint: string;
  legacyIdentityEndpoint: string;
  identityHeader: string;
  caPath: string;
  caBundlePath: string;
  tlsDir: string;
  dataDir: string;
  store: string;
  seed: string;
  tenantId: string;
  subscriptionId: string;
  proxyPort?: number;
  /** The dashboard's plain-HTTP loopback port, once it runs (`--dashboard-port`, or started by `aks-emulator dashboard`). */
  dashboardPort?: number;
  pid: number;
}

const RUNTIME_FILE = "runtime.json";

/**
 * The environment that points the Azure SDKs at an instance: CA trust for Node (`NODE_EXTRA_CA_CERTS`,
 * read at process start) and for Python/OpenSSL tools (the bundle), the managed-identity variables that
 * `DefaultAzureCredential` finds, and the endpoint. `aks-emulator env` prints it as export lines;
 * aks-emulator/testing hands it to child processes as `env`.
 */
export function sdkEnvironment(info: RuntimeInfo): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: info.caPath,
    REQUESTS_CA_BUNDLE: info.caBundlePath,
    SSL_CERT_FILE: info.caBundlePath,
    IDENTITY_ENDPOINT: info.identityEndpoint,
    IDENTITY_HEADER: info.identityHeader,
    AKS_EMULATOR_ENDPOINT: info.endpoint,
    AKS_EMULATOR_SUBSCRIPTION_ID: info.subscriptionId,
  };
}

export async function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, RUNTIME_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  // It holds the identity header secret: owner-only.
  await writeFile(tmp, JSON.stringify(info, null, 2) + "\n", { mode: 0o600 });
  await rename(tmp, path);
}

export async function readRuntimeInfo(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, RUNTIME_FILE), "utf8")) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

export async function removeRuntimeInfo(dataDir: string, pid: number): Promise<void> {
  const info = await readRuntimeInfo(dataDir);
  if (info && info.pid === pid) await unlink(join(dataDir, RUNTIME_FILE)).catch(() => undefined);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
