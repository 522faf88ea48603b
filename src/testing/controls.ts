import type { Agent } from "node:https";
import type { TokenCredential } from "./credential.js";
import { expectOk, requestJson } from "./http.js";

/**
 * Typed clients of the testing-control routes (docs/testing-controls.md): faults, run-command results,
 * clock, operations, state, reset and the request log. Every call sends an Owner token; an error answer becomes an
 * `EmulatorRequestError` carrying the HTTP status and the ARM error code.
 */

// The documents the routes take and give: one definition, the server's (type-only imports).
export type { DelayEffect, ErrorEffect, Fault, FaultEffect, FaultMatch, FaultSpec, HangsEffect, OperationFailsEffect } from "../controls/faults.js";
export type { RequestLogEntry } from "../controls/request-log.js";
import type { Fault, FaultSpec } from "../controls/faults.js";
import type { RequestLogEntry } from "../controls/request-log.js";
export type { RunCommandRule, RunCommandRuleSpec } from "../providers/containerservice/run-command-rules.js";
import type { RunCommandRule, RunCommandRuleSpec } from "../providers/containerservice/run-command-rules.js";
export type { KubernetesNamespace, KubernetesNamespaceSeed } from "../controls/kubernetes-namespaces.js";
import type { KubernetesNamespace, KubernetesNamespaceSeed } from "../controls/kubernetes-namespaces.js";

export interface ClockState {
  /** RFC 3339. */
  now: string;
  nowMs: number;
  offsetMs: number;
}

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

export interface Operation {
  id: string;
  kind: string;
  resourceId: string;
  status: OperationStatus;
  /** Held by a `hangs` fault until released. */
  held: boolean;
  startTime: string;
  /** Null while held. */
  dueAt: string | null;
  endTime?: string;
  error?: { code: string; message: string };
}

export interface StateDocument {
  format: "aks-emulator-state";
  version: 1;
  exportedAt: string;
  resources: unknown[];
  operations: unknown[];
}

/** Filters of the request log (docs/testing-controls.md "Request log"); each given one must hold. */
export interface RequestLogQuery {
  /** How many of the newest matching requests (default 100, at most 1000). */
  limit?: number;
  /** The path without the query: `*` matches within one segment, `**` across segments (a fault's `match.path`). */
  path?: string;
  method?: string;
  /** A status (`404`) or a class of them (`"4xx"`). */
  status?: number | string;
  /** The caller's object id. */
  principal?: string;
  /** Also the emulator's own routes: testing controls, tokens, health (default false). */
  emulatorRoutes?: boolean;
}

/** `POST /_emulator/dashboard/login`'s answer. */
export interface DashboardLogin {
  /** `http://127.0.0.1:<port>/?code=<one-time code>` */
  url: string;
  /** When the code expires (RFC 3339). */
  expiresAt: string;
  /** The dashboard's port. */
  port: number;
}

export interface ControlTarget {
  endpoint: string;
  agent: Agent;
  credential: TokenCredential;
}

const ARM_SCOPE = "https://management.azure.com/.default";

export class EmulatorControls {
  constructor(private readonly target: ControlTarget) {}

  /** Sends one control request with an Owner token; the 2xx body, or throws `EmulatorRequestError`. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.target.credential.getToken(ARM_SCOPE);
    if (!token) throw new Error("the credential gave no token");
    const answer = await requestJson(this.target.endpoint + path, {
      method,
      agent: this.target.agent,
      headers: { authorization: `Bearer ${token.token}` },
      body,
    });
    return expectOk<T>(answer, method, path);
  }

  readonly faults = {
    /** Adds a fault; answers it as stored (with its `id`). */
    add: (spec: FaultSpec): Promise<Fault> => this.call<Fault>("POST", "/_emulator/faults", { ...spec, match: spec.match ?? {} }),
    /** The active faults, with how often each fired. */
    list: async (): Promise<Fault[]> => (await this.call<{ value: Fault[] }>("GET", "/_emulator/faults")).value,
    /** Removes one fault and answers it; unknown id: `EmulatorRequestError` 404 `NotFound`. */
    remove: (id: string): Promise<Fault> => this.call<Fault>("DELETE", `/_emulator/faults/${encodeURIComponent(id)}`),
    /** Removes every fault; answers how many there were. */
    clear: async (): Promise<number> => (await this.call<{ removed: number }>("DELETE", "/_emulator/faults")).removed,
  };

  /** The dashboard (docs/dashboard.md): a one-time login URL (the dashboard starts on a free loopback port if it does not run). */
  readonly dashboard = {
    login: (): Promise<DashboardLogin> => this.call<DashboardLogin>("POST", "/_emulator/dashboard/login"),
  };

  /** Scripted `runCommand` results: the first rule whose `command` pattern matches a command gives its result. */
  readonly runCommand = {
    /** Adds a rule (tried after the ones already there); answers it with its `id`. */
    add: (spec: RunCommandRuleSpec): Promise<RunCommandRule> => this.call<RunCommandRule>("POST", "/_emulator/run-command", spec),
    list: async (): Promise<RunCommandRule[]> => (await this.call<{ value: RunCommandRule[] }>("GET", "/_emulator/run-command")).value,
    /** Removes one rule and answers it; unknown id: `EmulatorRequestError` 404 `NotFound`. */
    remove: (id: string): Promise<RunCommandRule> => this.call<RunCommandRule>("DELETE", `/_emulator/run-command/${encodeURIComponent(id)}`),
    /** Removes every rule; answers how many there were. */
    clear: async (): Promise<number> => (await this.call<{ removed: number }>("DELETE", "/_emulator/run-command")).removed,
  };

  /** A cluster's Kubernetes namespaces: seed one that exists without a managed namespace (for the adoption policy), list them. */
  readonly kubernetesNamespaces = {
    /** Seeds a namespace in the cluster `cluster` (its resource id); 409 `Conflict` when it has one of that name. */
    add: (seed: KubernetesNamespaceSeed): Promise<KubernetesNamespace> => this.call<KubernetesNamespace>("POST", "/_emulator/kubernetes-namespaces", seed),
    /** The cluster's namespaces (seeded, and made by managed namespaces), in name order. */
    list: async (cluster: string): Promise<KubernetesNamespace[]> =>
      (await this.call<{ value: KubernetesNamespace[] }>("GET", `/_emulator/kubernetes-namespaces?cluster=${encodeURIComponent(cluster)}`)).value,
  };

  readonly clock = {
    get: (): Promise<ClockState> => this.call<ClockState>("GET", "/_emulator/clock"),
    /** Moves the emulator's clock forward; operations now due complete before it answers. */
    advance: (ms: number): Promise<ClockState> => this.call<ClockState>("POST", "/_emulator/clock/advance", { ms }),
  };

  readonly operations = {
    list: async (status?: OperationStatus): Promise<Operation[]> =>
      (await this.call<{ value: Operation[] }>("GET", `/_emulator/operations${status ? `?status=${encodeURIComponent(status)}` : ""}`)).value,
    /** Finishes every in-progress operation that is not held; answers how many. */
    complete: async (): Promise<number> => (await this.call<{ completed: number }>("POST", "/_emulator/operations/complete")).completed,
    /** Lets a held operation finish when its time is up; 404 `NotFound` (unknown) or 409 `Conflict` (not held). */
    release: (id: string): Promise<Operation> => this.call<Operation>("POST", `/_emulator/operations/${encodeURIComponent(id)}/release`),
  };

  readonly state = {
    export: (): Promise<StateDocument> => this.call<StateDocument>("GET", "/_emulator/state"),
    /** Replaces every resource and operation; a bad document: 400 `InvalidStateDocument`, nothing changes. */
    import: (doc: StateDocument): Promise<{ resources: number; operations: number }> => this.call("PUT", "/_emulator/state", doc),
  };

  /** Removes every resource, operation and fault. */
  async reset(): Promise<void> {
    await this.call<{ status: string }>("POST", "/_emulator/reset");
  }

  /**
   * The newest `limit` requests this instance answered (default 100), oldest first: a number, or the
   * filters of `GET /_emulator/requests` (the emulator's own routes are left out unless `emulatorRoutes`).
   */
  async requests(query?: number | RequestLogQuery): Promise<RequestLogEntry[]> {
    const q = typeof query === "number" ? { limit: query } : (query ?? {});
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(q)) if (value !== undefined) params.set(name, String(value));
    const search = params.size > 0 ? `?${params}` : "";
    return (await this.call<{ value: RequestLogEntry[] }>("GET", `/_emulator/requests${search}`)).value;
  }
}
