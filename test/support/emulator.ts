import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { request as httpsRequest, Agent } from "node:https";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/app.js";
import { OWNER_PRINCIPAL, type Principal } from "../../src/identity/principals.js";
import { assertResponseConformant } from "./conformance.js";

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

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
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

function rawRequest(agent: Agent, url: string, method: string, o: RawOptions, te: TestEmulator): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.auth !== false) headers["authorization"] = typeof o.auth === "string" ? o.auth : `Bearer ${te.token()}`;
    let payload: Buffer | undefined;
    if (o.body !== undefined) {
      payload = Buffer.isBuffer(o.body) ? o.body : Buffer.from(typeof o.body === "string" ? o.body : JSON.stringify(o.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    const req = httpsRequest(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown = undefined;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const answer = { status: res.statusCode ?? 0, headers: res.headers, text, json };
        if (o.conformance !== false) {
          try {
            assertResponseConformant({ method, url, status: answer.status, body: text });
          } catch (e) {
            reject(e);
            return;
          }
        }
        resolvePromise(answer);
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Paths of the usual resources under the test subscription. */
export function rgPath(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourcegroups/${rg}`;
}

export function clusterPath(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** A minimal valid create body. */
export function clusterBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    location: "eastus",
    properties: {
      dnsPrefix: "dns1",
      agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }],
    },
    identity: { type: "SystemAssigned" },
    ...overrides,
  };
}
