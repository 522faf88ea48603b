import { readFile } from "node:fs/promises";
import { Agent } from "node:https";
import { resolve } from "node:path";
import { processAlive, readRuntimeInfo, sdkEnvironment, type RuntimeInfo } from "../runtime-file.js";
import { EmulatorControls } from "./controls.js";
import { EmulatorCredential, type CredentialOptions, type TokenCredential } from "./credential.js";

/**
 * What the official SDKs need to talk to a running instance, found through its data dir (runtime.json),
 * plus the typed testing controls. Trust of the emulator's CA travels with the client options (an HTTPS
 * agent set on every request), not through NODE_EXTRA_CA_CERTS, so it works inside a process that is
 * already running.
 */

/** The structural shape of an `@azure/core-rest-pipeline` pipeline policy that sets the HTTPS agent. */
export interface AgentPolicy {
  name: string;
  sendRequest<Req extends { agent?: unknown }, Res>(request: Req, next: (request: Req) => Promise<Res>): Promise<Res>;
}

/** Spread into an official SDK client's options: `new ContainerServiceClient(credential, sub, emulator.clientOptions)`. */
export interface SdkClientOptions {
  endpoint: string;
  additionalPolicies: { position: "perCall"; policy: AgentPolicy }[];
}

export const AGENT_POLICY_NAME = "aksEmulatorTrustPolicy";

/** A policy that sends every request of an SDK client through `agent` (which trusts the emulator's CA). */
export function agentPolicy(agent: Agent): AgentPolicy {
  return {
    name: AGENT_POLICY_NAME,
    sendRequest(request, next) {
      // A request that already has an agent (set by the caller) keeps it.
      if (request.agent === undefined) request.agent = agent;
      return next(request);
    },
  };
}

export class AksEmulatorConnection extends EmulatorControls {
  /** `https://127.0.0.1:<port>`: the ARM endpoint for the SDKs. */
  readonly endpoint: string;
  /** A subscription id that exists (any GUID does; this is the emulator's default). */
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly dataDir: string;
  /** The emulator's CA certificate (PEM) and its path; `caBundlePath`: the system CAs plus ours (for Python, curl). */
  readonly caPem: string;
  readonly caPath: string;
  readonly caBundlePath: string;
  /** An HTTPS agent that trusts the emulator's CA (keep-alive; destroyed by `close`/`stop`). */
  readonly agent: Agent;
  /** Owner tokens from the emulator's managed-identity endpoint, for the official SDKs. */
  readonly credential: TokenCredential;
  /** `{ endpoint, additionalPolicies }` for an official SDK client's constructor. */
  readonly clientOptions: SdkClientOptions;
  /** runtime.json of the instance. */
  readonly runtime: RuntimeInfo;

  constructor(info: RuntimeInfo, caPem: string) {
    const agent = new Agent({ ca: caPem, keepAlive: true });
    const credential = new EmulatorCredential({ identityEndpoint: info.identityEndpoint, identityHeader: info.identityHeader, agent });
    super({ endpoint: info.endpoint, agent, credential });
    this.endpoint = info.endpoint;
    this.subscriptionId = info.subscriptionId;
    this.tenantId = info.tenantId;
    this.dataDir = info.dataDir;
    this.caPem = caPem;
    this.caPath = info.caPath;
    this.caBundlePath = info.caBundlePath;
    this.agent = agent;
    this.credential = credential;
    this.clientOptions = { endpoint: info.endpoint, additionalPolicies: [{ position: "perCall", policy: agentPolicy(agent) }] };
    this.runtime = info;
  }

  /**
   * The variables `aks-emulator env` prints, for a child process (code under test, a CLI, Python) that
   * uses `DefaultAzureCredential` and trusts the CA through them: `spawn(cmd, args, { env: { ...process.env, ...emulator.env } })`.
   */
  get env(): Record<string, string> {
    return sdkEnvironment(this.runtime);
  }

  /** A credential for another principal (by client id, see `--role-assignment`), e.g. a Reader. */
  createCredential(opts: CredentialOptions = {}): TokenCredential {
    return new EmulatorCredential({ identityEndpoint: this.runtime.identityEndpoint, identityHeader: this.runtime.identityHeader, agent: this.agent }, opts);
  }

  /** Closes the kept-alive connections (the instance keeps running). */
  close(): void {
    this.agent.destroy();
  }
}

/** Connects to the instance running with `dataDir` (default `.aks-emulator`, as the CLI's). */
export async function connectAksEmulator(opts: { dataDir?: string } = {}): Promise<AksEmulatorConnection> {
  const dataDir = resolve(opts.dataDir ?? ".aks-emulator");
  const info = await readRuntimeInfo(dataDir);
  if (!info || !processAlive(info.pid)) {
    throw new Error(
      `no running aks-emulator found in '${dataDir}' (no runtime.json of a live process). Start one with: npx aks-emulator start --data-dir ${dataDir}`,
    );
  }
  return new AksEmulatorConnection(info, await readFile(info.caPath, "utf8"));
}
