import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Agent } from "node:https";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/app.js";
import { OWNER_PRINCIPAL, type Principal } from "../../src/identity/principals.js";
import { assertResponseConformant } from "./conformance.js";
import { httpsJson, type RawResponse } from "./https.js";

export type { RawResponse } from "./https.js";
export { clusterBody, clusterPath, rgPath } from "./bodies.js";

/**
 * Starts a real emulator (in this process, HTTPS on a random loopback port) for a test file.
 * TLS material comes from the shared test CA dir that `npm test` creates before the test
 * processes start, so NODE_EXTRA_CA_CERTS already trusts it.
 */

export const TEST_SUBSCRIPTION = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";

export interface TestEmulator {
  emulator: Emulator;
  endpoint: string;
  dataDir: string;
  caPem: string;
  subscriptionId: string;
  /** A bearer token for a principal, issued by the emulator's key. */
  token(principal?: Principal, resource?: string): string;
  /** Raw HTTPS request; the body is JSON-encoded unless it is a string or Buffer. */
  request(method: string, path: string, opts?: RawOptions): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** false: send no Authorization header. A string: sent as the whole header value. */
  auth?: false | string;
  /**
   * Check the answer against the official definition (default true): every response the tests
   * receive is checked, error bodies included. Only tests of deliberately broken answers turn it off.
   */
  conformance?: boolean;
}

export function testTlsDir(): string {
  return resolve(process.env["AKS_EMULATOR_TEST_TLS_DIR"] ?? ".test-tls");
}

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "aks-emu-test-")));
  const emulator = await startEmulator({
    port: 0,
    inMemory: true,
    // 1 ms: the real answer shapes (Creating + Azure-AsyncOperation), finished by the next request.
    lroDurationMs: 1,
    logLevel: "silent",
    tlsDir: testTlsDir(),
    ...opts,
    dataDir,
  });
  const { readFile } = await import("node:fs/promises");
  const caPem = await readFile(emulator.info.caPath, "utf8");
  const agent = new Agent({ ca: caPem, keepAlive: true });
  const te: TestEmulator = {
    emulator,
    endpoint: emulator.endpoint,
    dataDir,
    caPem,
    subscriptionId: TEST_SUBSCRIPTION,
    token: (principal = OWNER_PRINCIPAL, resource = "https://management.azure.com") => emulator.tokens.issue(resource, principal).accessToken,
    request: (method, path, o = {}) => rawRequest(agent, emulator.endpoint + path, method, o, te),
    async close() {
      agent.destroy();
      await emulator.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return te;
}

/** Points DefaultAzureCredential at this emulator's managed-identity endpoint (as `aks-emulator env` does). */
export function useManagedIdentityEnv(te: TestEmulator): void {
  process.env["IDENTITY_ENDPOINT"] = te.emulator.info.identityEndpoint;
  process.env["IDENTITY_HEADER"] = te.emulator.info.identityHeader;
  delete process.env["AZURE_CLIENT_ID"];
  delete process.env["AZURE_CLIENT_SECRET"];
  delete process.env["AZURE_TENANT_ID"];
}

async function rawRequest(agent: Agent, url: string, method: string, o: RawOptions, te: TestEmulator): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.auth !== false) headers["authorization"] = typeof o.auth === "string" ? o.auth : `Bearer ${te.token()}`;
  const answer = await httpsJson(method, url, { agent, headers, body: o.body, timeoutMs: 0 });
  if (o.conformance !== false) assertResponseConformant({ method, url, status: answer.status, body: answer.text });
  return answer;
}
