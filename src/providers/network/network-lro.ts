import { ArmError } from "../../arm/errors.js";
import { RETRY_AFTER_SECONDS, startedOperation } from "../../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { NETWORK_NAMESPACE, type Obj } from "./common.js";

/**
 * Long-running operations of the network-side providers, answered as each service answers them.
 *
 * Microsoft.Network (virtual networks, subnets, private endpoints), live az/Java recordings
 * (docs/sources.md "Network long-running answers"; azure-cli privatedns recording test_DeleteLink_LinkExists, 2024):
 *   PUT    -> 201 (new) / 200 (existing), the body with provisioningState "Updating",
 *             `Azure-AsyncOperation: .../providers/Microsoft.Network/locations/{loc}/operations/{id}?api-version=<the request's>`
 *             and `Azure-AsyncNotification: Enabled`;
 *   DELETE -> 202, no body, `Azure-AsyncOperation` + `Location: .../locations/{loc}/operationResults/{id}`;
 *   status -> 200 `{"status": "InProgress" | "Succeeded"}` (nothing else), operationResults -> 204 when a delete is done.
 * Private DNS (zones, virtual network links), same recording:
 *   PUT and DELETE -> 202 with body `{}` (PUT) and, under the resource group,
 *   `Azure-AsyncOperation: .../providers/Microsoft.Network/privateDnsOperationStatuses/{id}` and
 *   `Location: .../providers/Microsoft.Network/privateDnsOperationResults/{id}`, where {id} is the base64 of
 *   `FrontEndAsyncOperation;<UpsertPrivateDnsZone|...>;<guid>_<subscription>`; status bodies `{"status": ...}`.
 * Real services send no or a long Retry-After; we send `Retry-After: 1` (docs/fidelity.md "Retry-After on long-running operations").
 * With --lro-duration 0 nothing is recorded: the first answer is final (see `immediate`).
 */

type LroStyle = "network" | "privateDns";

export interface NetworkOperationInput {
  /** Completer kind (see the completers of each provider). */
  kind: string;
  style: LroStyle;
  subscriptionId: string;
  /** Region of the resource; "global" for private DNS. */
  location: string;
  resourceGroup: string;
  resourceKey: string;
  /** Private DNS operation name in the URL id, e.g. UpsertPrivateDnsZone. */
  dnsOperation?: string;
  /** The api-version the client used: Network echoes it in its operation URLs. */
  apiVersion: string;
  generation: number;
  data?: Obj;
}

export function newNetworkOperation(ctx: ProviderContext, input: NetworkOperationInput): OperationRecord {
  const now = ctx.clock.now();
  return startedOperation({
    id: ctx.ids.guid("network-operation", input.resourceKey, input.kind, input.generation, now),
    subscriptionId: input.subscriptionId,
    namespace: NETWORK_NAMESPACE,
    location: input.location,
    resourceKey: input.resourceKey,
    kind: input.kind,
    now,
    durationMs: ctx.config.lroDurationMs,
    data: {
      ...(input.data ?? {}),
      style: input.style,
      resourceGroup: input.resourceGroup,
      apiVersion: input.apiVersion,
      ...(input.dnsOperation ? { dnsOperation: input.dnsOperation } : {}),
    },
  });
}

function dnsOperationToken(op: OperationRecord): string {
  const name = String(op.data?.["dnsOperation"] ?? "UpsertPrivateDnsZone");
  return Buffer.from(`FrontEndAsyncOperation;${name};${op.id}_${op.subscriptionId}`, "utf8").toString("base64");
}

/** The operation id inside a private DNS status URL id, or undefined if it is not one of ours. */
export function operationIdFromDnsToken(token: string): string | undefined {
  let text: string;
  try {
    text = Buffer.from(token, "base64").toString("utf8");
  } catch {
    return undefined;
  }
  const m = /^FrontEndAsyncOperation;[A-Za-z]+;([0-9a-f-]{36})_[0-9a-f-]{36}$/i.exec(text);
  return m ? m[1]!.toLowerCase() : undefined;
}

function statusUrl(origin: string, op: OperationRecord): string {
  const v = String(op.data?.["apiVersion"]);
  if (op.data?.["style"] === "privateDns") {
    return `${origin}/subscriptions/${op.subscriptionId}/resourceGroups/${String(op.data["resourceGroup"])}/providers/Microsoft.Network/privateDnsOperationStatuses/${dnsOperationToken(op)}?api-version=${v}`;
  }
  return `${origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operations/${op.id}?api-version=${v}`;
}

function resultUrl(origin: string, op: OperationRecord): string {
  const v = String(op.data?.["apiVersion"]);
  if (op.data?.["style"] === "privateDns") {
    return `${origin}/subscriptions/${op.subscriptionId}/resourceGroups/${String(op.data["resourceGroup"])}/providers/Microsoft.Network/privateDnsOperationResults/${dnsOperationToken(op)}?api-version=${v}`;
  }
  return `${origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operationResults/${op.id}?api-version=${v}`;
}

/** Headers of an accepted PUT (Network: 201/200 with the body) or DELETE / private DNS PUT (202). */
export function networkAsyncHeaders(origin: string, op: OperationRecord, withLocation: boolean): Record<string, string> {
  const h: Record<string, string> = { "azure-asyncoperation": statusUrl(origin, op), "retry-after": RETRY_AFTER_SECONDS };
  if (op.data?.["style"] !== "privateDns") h["azure-asyncnotification"] = "Enabled";
  if (withLocation) h["location"] = resultUrl(origin, op);
  return h;
}

function unknownOperation(id: string): ArmError {
  // docs/fidelity.md "Unknown operation id".
  return new ArmError(
    404,
    "NotFound",
    `The operation '${id}' was not found. Use the URL from the Azure-AsyncOperation or Location header of the request that started it.`,
  );
}

function statusBody(op: OperationRecord): Obj {
  const body: Obj = { status: op.status };
  if (op.status === "Failed") body["error"] = op.error ?? { code: "InternalServerError", message: "The operation failed." };
  return body;
}

async function find(ctx: ProviderContext, sub: string, id: string, check: (op: OperationRecord) => boolean): Promise<OperationRecord> {
  const op = await ctx.store.getOperation(id.toLowerCase());
  if (!op || op.namespace !== NETWORK_NAMESPACE || op.subscriptionId.toLowerCase() !== sub.toLowerCase() || !check(op)) throw unknownOperation(id);
  return op;
}

function statusAnswer(op: OperationRecord): ArmResponse {
  return { status: 200, body: statusBody(op), headers: op.status === "InProgress" ? { "retry-after": RETRY_AFTER_SECONDS } : {} };
}

function resultAnswer(req: ArmRequest, op: OperationRecord, body: () => Promise<unknown>): Promise<ArmResponse> | ArmResponse {
  if (op.status === "InProgress") return { status: 202, headers: { location: resultUrl(req.origin, op), "retry-after": RETRY_AFTER_SECONDS } };
  if (op.status === "Failed") return { status: 400, body: { error: op.error ?? { code: "InternalServerError", message: "The operation failed." } } };
  if (op.kind.endsWith(".delete")) return { status: 204 };
  return body().then((b) => (b === undefined ? { status: 204 } : { status: 200, body: b }));
}

/**
 * The status and result routes of both styles. `render` gives the current answer body of a
 * resource key (for a finished PUT's operationResults).
 */
export function networkOperationRoutes(ctx: ProviderContext, render: (key: string) => Promise<unknown>): Route[] {
  const net = { namespace: NETWORK_NAMESPACE, resourceType: "locations/operations", kind: "provider" as const };
  const dns = { namespace: NETWORK_NAMESPACE, resourceType: "privateDnsOperationStatuses", kind: "provider" as const };
  const sameLocation = (req: ArmRequest) => (op: OperationRecord) =>
    op.location.toLowerCase() === req.params["location"]!.toLowerCase() && op.data?.["style"] !== "privateDns";
  const sameGroup = (req: ArmRequest) => (op: OperationRecord) =>
    op.data?.["style"] === "privateDns" && String(op.data["resourceGroup"]).toLowerCase() === req.params["resourceGroupName"]!.toLowerCase();
  const dnsId = (req: ArmRequest): string => {
    const token = req.params["operationId"]!;
    const id = operationIdFromDnsToken(token);
    if (!id) throw unknownOperation(token);
    return id;
  };
  return [
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.Network/locations/:location/operations/:operationId",
      apiVersions: net,
      write: false,
      body: "none",
      handler: async (req) => statusAnswer(await find(ctx, req.params["subscriptionId"]!, req.params["operationId"]!, sameLocation(req))),
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.Network/locations/:location/operationResults/:operationId",
      apiVersions: { ...net, resourceType: "locations/operationResults" },
      write: false,
      body: "none",
      handler: async (req) => {
        const op = await find(ctx, req.params["subscriptionId"]!, req.params["operationId"]!, sameLocation(req));
        return resultAnswer(req, op, () => render(op.resourceKey));
      },
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateDnsOperationStatuses/:operationId",
      apiVersions: dns,
      write: false,
      body: "none",
      handler: async (req) => statusAnswer(await find(ctx, req.params["subscriptionId"]!, dnsId(req), sameGroup(req))),
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateDnsOperationResults/:operationId",
      apiVersions: { ...dns, resourceType: "privateDnsOperationResults" },
      write: false,
      body: "none",
      handler: async (req) => {
        const op = await find(ctx, req.params["subscriptionId"]!, dnsId(req), sameGroup(req));
        return resultAnswer(req, op, () => render(op.resourceKey));
      },
    },
  ];
}
