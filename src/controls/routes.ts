import { ArmError } from "../arm/errors.js";
import type { LroEngine } from "../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../arm/router.js";
import type { OperationRecord, OperationStatus, Store } from "../store/store.js";
import { PreconditionError } from "../store/store.js";
import type { AdjustableClock } from "../util/clock.js";
import { armTimestamp } from "../util/clock.js";
import type { ControlState } from "./control-state.js";
import { isHeld } from "./fault-aware-store.js";
import { parseRunCommandRule } from "../providers/containerservice/run-command-rules.js";
import { parseFaultSpec, pathMatches } from "./faults.js";
import { listSeededNamespaces, seedKubernetesNamespace } from "./kubernetes-namespaces.js";
import type { RequestLog, RequestLogEntry } from "./request-log.js";
import { schemaCheck } from "./schema-check.js";

/** Needs for the testing-control routes (docs/testing-controls.md). */
export interface ControlDeps {
  store: Store;
  lro: LroEngine;
  clock: AdjustableClock;
  controls: ControlState;
  requestLog: RequestLog;
}

const EMULATOR = { namespace: "Emulator", resourceType: "controls", kind: "emulator" as const };
/** A state document holds every resource: 10k clusters export to tens of MB. */
const STATE_IMPORT_MAX_BYTES = 512 * 1024 * 1024;
const MAX_ADVANCE_MS = 10 * 365 * 24 * 3600 * 1000;
const STATUSES: readonly OperationStatus[] = ["InProgress", "Succeeded", "Failed", "Canceled"];

const checkAdvance = schemaCheck<{ ms: number }>(
  { type: "object", additionalProperties: false, required: ["ms"], properties: { ms: { type: "integer", minimum: 0, maximum: MAX_ADVANCE_MS } } },
  "InvalidRequestContent",
  "The clock advance is invalid",
);

export function controlRoutes(d: ControlDeps): Route[] {
  const route = (method: Route["method"], path: string, body: Route["body"], handler: (req: ArmRequest) => Promise<ArmResponse>): Route => ({
    method,
    path,
    apiVersions: EMULATOR,
    write: method !== "GET",
    ownerOnly: true,
    body,
    handler,
  });

  const clockView = () => {
    const now = d.clock.now();
    return { now: armTimestamp(now), nowMs: now, offsetMs: d.clock.offset };
  };

  const settleNow = async (): Promise<void> => {
    d.lro.invalidateHint();
    await d.lro.settleDue();
  };

  return [
    route("POST", "/_emulator/faults", "required", async (req) => {
      const fault = await d.controls.addFault(parseFaultSpec(req.body));
      return { status: 201, body: fault };
    }),
    route("GET", "/_emulator/faults", "none", async () => ({ status: 200, body: { value: d.controls.faults() } })),
    route("DELETE", "/_emulator/faults", "none", async () => ({ status: 200, body: { removed: await d.controls.clearFaults() } })),
    route("DELETE", "/_emulator/faults/:faultId", "none", async (req) => {
      const removed = await d.controls.removeFault(req.params["faultId"]!);
      if (!removed) throw new ArmError(404, "NotFound", `No active fault has the id '${req.params["faultId"]}'. GET /_emulator/faults lists the active ones.`);
      return { status: 200, body: removed };
    }),

    // Scripted runCommand results (docs/testing-controls.md "Run command results").
    route("POST", "/_emulator/run-command", "required", async (req) => ({
      status: 201,
      body: await d.controls.addRunCommandRule(parseRunCommandRule(req.body)),
    })),
    route("GET", "/_emulator/run-command", "none", async () => ({ status: 200, body: { value: await d.controls.runCommandRules() } })),
    route("DELETE", "/_emulator/run-command", "none", async () => ({ status: 200, body: { removed: await d.controls.clearRunCommandRules() } })),
    route("DELETE", "/_emulator/run-command/:ruleId", "none", async (req) => {
      const removed = await d.controls.removeRunCommandRule(req.params["ruleId"]!);
      if (!removed) throw new ArmError(404, "NotFound", `No run-command rule has the id '${req.params["ruleId"]}'. GET /_emulator/run-command lists them.`);
      return { status: 200, body: removed };
    }),

    // A cluster's Kubernetes namespaces, for managed namespaces' adoption policy (docs/testing-controls.md "Kubernetes namespaces").
    route("POST", "/_emulator/kubernetes-namespaces", "required", (req) => seedKubernetesNamespace(d.store, req)),
    route("GET", "/_emulator/kubernetes-namespaces", "none", (req) => listSeededNamespaces(d.store, req)),

    route("GET", "/_emulator/clock", "none", async () => ({ status: 200, body: clockView() })),
    route("POST", "/_emulator/clock/advance", "required", async (req) => {
      const { ms } = checkAdvance(req.body);
      await d.controls.advanceClock(ms);
      await settleNow();
      return { status: 200, body: clockView() };
    }),

    route("GET", "/_emulator/operations", "none", async (req) => {
      const status = req.query.get("status") ?? undefined;
      if (status !== undefined && !STATUSES.includes(status as OperationStatus)) {
        throw new ArmError(400, "InvalidParameter", `The query parameter 'status' must be one of ${STATUSES.join(", ")}.`, { target: "status" });
      }
      const ops = await d.store.listOperations(status as OperationStatus | undefined);
      return { status: 200, body: { value: ops.map(operationView) } };
    }),
    route("POST", "/_emulator/operations/complete", "optional", async () => {
      const now = d.clock.now();
      let completed = 0;
      for (const op of await d.store.listOperations("InProgress")) {
        if (isHeld(op)) continue;
        try {
          await d.store.commit([{ op: "putOperation", operation: { ...op, dueAt: Math.min(op.dueAt, now) }, expectStatus: "InProgress" }]);
          completed++;
        } catch (e) {
          if (!(e instanceof PreconditionError)) throw e; // finished meanwhile
        }
      }
      await settleNow();
      return { status: 200, body: { completed } };
    }),
    route("POST", "/_emulator/operations/:operationId/release", "optional", async (req) => {
      const id = req.params["operationId"]!.toLowerCase();
      const op = await d.store.getOperation(id);
      if (!op) throw new ArmError(404, "NotFound", `No operation has the id '${req.params["operationId"]}'. GET /_emulator/operations lists them.`);
      if (op.status !== "InProgress" || !isHeld(op)) {
        throw new ArmError(
          409,
          "Conflict",
          `The operation '${op.id}' is not held by a 'hangs' fault (its status is ${op.status}); only held operations can be released.`,
        );
      }
      const dueAt = Number(op.data?.["heldDueAt"] ?? d.clock.now());
      const released: OperationRecord = { ...op, dueAt, data: { ...op.data, held: false } };
      try {
        await d.store.commit([{ op: "putOperation", operation: released, expectStatus: "InProgress" }]);
      } catch (e) {
        if (!(e instanceof PreconditionError)) throw e;
      }
      await settleNow();
      const now = await d.store.getOperation(id);
      return { status: 200, body: operationView(now ?? released) };
    }),

    // The state document's module loads on first use (start-up time).
    route("GET", "/_emulator/state", "none", async () => ({
      status: 200,
      body: (await import("./state-document.js")).exportState(await d.store.dump(), d.clock.now()),
    })),
    {
      ...route("PUT", "/_emulator/state", "required", async (req) => {
        const dump = (await import("./state-document.js")).parseStateDocument(req.body);
        await d.store.commit([
          { op: "clearAll" },
          ...dump.resources.map((resource) => ({ op: "put" as const, resource })),
          ...dump.operations.map((operation) => ({ op: "putOperation" as const, operation })),
        ]);
        await settleNow();
        return { status: 200, body: { resources: dump.resources.length, operations: dump.operations.length } };
      }),
      maxBodyBytes: STATE_IMPORT_MAX_BYTES,
    },
    route("POST", "/_emulator/reset", "optional", async () => {
      await d.store.reset();
      d.controls.forget();
      d.lro.invalidateHint();
      return { status: 200, body: { status: "reset" } };
    }),

    route("GET", "/_emulator/requests", "none", async (req) => {
      const raw = req.query.get("limit");
      const limit = raw === null ? 100 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > d.requestLog.capacity) {
        throw new ArmError(400, "InvalidParameter", `The query parameter 'limit' must be a whole number from 1 to ${d.requestLog.capacity}.`, {
          target: "limit",
        });
      }
      return { status: 200, body: { value: d.requestLog.latest(limit, requestFilter(req.query)) } };
    }),
  ];
}

/**
 * The request log's filters (docs/testing-controls.md "Request log"): `path` (a fault's path pattern),
 * `method`, `status` (`404` or a class, `4xx`), `principal` (object id); the emulator's own routes
 * (testing controls, tokens, health) only with `emulatorRoutes=true`.
 */
export function requestFilter(query: URLSearchParams): (e: RequestLogEntry) => boolean {
  const bad = (name: string, what: string) => new ArmError(400, "InvalidParameter", `The query parameter '${name}' must be ${what}.`, { target: name });
  const path = query.get("path");
  if (path !== null && !/^\/.{0,4095}$/s.test(path)) throw bad("path", "a path pattern starting with '/' (* within a segment, ** across segments)");
  const method = query.get("method")?.toUpperCase() ?? null;
  if (method !== null && !/^[A-Z]{1,10}$/.test(method)) throw bad("method", "an HTTP method, e.g. PUT");
  const status = query.get("status")?.toLowerCase() ?? null;
  if (status !== null && !/^[1-5](\d\d|xx)$/.test(status)) throw bad("status", "an HTTP status (e.g. 404) or a class of them (e.g. 4xx)");
  const principal = query.get("principal")?.toLowerCase() ?? null;
  const emulatorRoutes = query.get("emulatorRoutes");
  if (emulatorRoutes !== null && emulatorRoutes !== "true" && emulatorRoutes !== "false") throw bad("emulatorRoutes", "true or false");
  const withEmulatorRoutes = emulatorRoutes === "true";
  return (e) =>
    (withEmulatorRoutes || !e.path.startsWith("/_emulator/")) &&
    (method === null || e.method.toUpperCase() === method) &&
    (status === null || (status.endsWith("xx") ? String(e.status)[0] === status[0] : String(e.status) === status)) &&
    (principal === null || e.principal?.toLowerCase() === principal) &&
    (path === null || pathMatches(path, e.path));
}

function operationView(op: OperationRecord): Record<string, unknown> {
  const held = isHeld(op) && op.status === "InProgress";
  const view: Record<string, unknown> = {
    id: op.id,
    kind: op.kind,
    resourceId: op.resourceKey,
    status: op.status,
    held,
    startTime: armTimestamp(op.startTime),
    dueAt: held ? null : armTimestamp(op.dueAt),
  };
  if (op.endTime !== undefined && op.status !== "InProgress") view["endTime"] = armTimestamp(op.endTime);
  if (op.error) view["error"] = op.error;
  return view;
}
