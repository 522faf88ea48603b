import { checkPreconditions, readPreconditions } from "../../arm/conditional.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalObject, optionalString, optionalStringMap, requireObject } from "../validation.js";
import { asNet, commitOrConflict, listAll, netRecord, providerId, regionalLocation, resourceNotFound, type Obj } from "../network/common.js";
import { generationOf, nextEtag } from "../network/completion.js";

/**
 * Microsoft.ManagedIdentity/userAssignedIdentities: PUT (synchronous 201/200), GET, PATCH (tags),
 * DELETE (200, or 204 when there is none), lists. The identity's principalId and clientId derive
 * from its resource id exactly as the managed-cluster model derives them for
 * `identity.userAssignedIdentities` (ids.guid("uai-principal"|"uai-client", id)), so a cluster
 * shows the ids of the identity it names; tenantId is the emulator's tenant.
 */

const NAMESPACE = "Microsoft.ManagedIdentity";
const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

const PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/:resourceName";

function identityKey(sub: string, rg: string, name: string): string {
  return `${resourceGroupKey(sub, rg)}/providers/microsoft.managedidentity/userassignedidentities/${name}`.toLowerCase();
}

export function userAssignedIdentityRoutes(ctx: ProviderContext): Route[] {
  const versions = { namespace: NAMESPACE, resourceType: "userAssignedIdentities", kind: "provider" as const };

  async function lookup(req: ArmRequest): Promise<{ sub: string; rgName: string; name: string; key: string; stored?: StoredResource }> {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    const name = req.params["resourceName"]!;
    assertSubscriptionId(sub);
    const key = identityKey(sub, rgName, name);
    return { sub, rgName, name, key, stored: await ctx.store.get(key) };
  }

  const put = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rgName, name, key, stored } = await lookup(req);
    const rg = await requireResourceGroup(ctx, sub, rgName);
    checkPreconditions(readPreconditions(req.headers), stored?.etag, `'${name}'`);
    const input = requireObject(req.body, "");
    const prev = stored ? asNet(stored).resource : undefined;
    const location = regionalLocation(input["location"], IDENTITY_TYPE, prev ? String(prev["location"]) : undefined);
    const tags = optionalStringMap(input["tags"], "tags") ?? (prev?.["tags"] as Record<string, string> | undefined) ?? {};
    const props = optionalObject(input["properties"], "properties") ?? {};
    const isolationScope =
      optionalString(props["isolationScope"], "properties.isolationScope") ??
      ((prev?.["properties"] as Obj | undefined)?.["isolationScope"] as string | undefined) ??
      "None";
    const id = stored?.id ?? providerId(sub, String(rg.body["name"] ?? rgName), NAMESPACE, "userAssignedIdentities", name);
    const resource: Obj = {
      location,
      tags,
      id,
      name: prev ? String(prev["name"]) : name,
      type: IDENTITY_TYPE,
      properties: {
        isolationScope,
        tenantId: ctx.config.tenantId,
        principalId: ctx.ids.guid("uai-principal", id),
        clientId: ctx.ids.guid("uai-client", id),
      },
    };
    const generation = generationOf(stored) + 1;
    const etag = nextEtag(ctx, key, generation);
    await commitOrConflict(
      ctx,
      [
        {
          op: "put",
          resource: netRecord(key, id, rg.key, sub, IDENTITY_TYPE, etag, { resource, meta: { generation } }),
          expect: stored ? { etag: stored.etag } : { absent: true },
        },
      ],
      id,
    );
    return { status: stored ? 200 : 201, body: resource };
  };

  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rgName, name, stored } = await lookup(req);
    if (!stored) {
      await requireResourceGroup(ctx, sub, rgName);
      throw resourceNotFound(IDENTITY_TYPE, name, rgName);
    }
    return { status: 200, body: asNet(stored).resource };
  };

  const patch = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rgName, name, key, stored } = await lookup(req);
    if (!stored) {
      await requireResourceGroup(ctx, sub, rgName);
      throw resourceNotFound(IDENTITY_TYPE, name, rgName);
    }
    const input = requireObject(req.body, "");
    const resource = structuredClone(asNet(stored).resource);
    if ("tags" in input) resource["tags"] = optionalStringMap(input["tags"], "tags") ?? {};
    const generation = generationOf(stored) + 1;
    const etag = nextEtag(ctx, key, generation);
    await commitOrConflict(
      ctx,
      [
        {
          op: "put",
          resource: { ...stored, etag, body: { resource, meta: { ...asNet(stored).meta, generation } } as unknown as Obj },
          expect: { etag: stored.etag },
        },
      ],
      stored.id,
    );
    return { status: 200, body: resource };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rgName, stored } = await lookup(req);
    if (!stored) {
      await requireResourceGroup(ctx, sub, rgName);
      return { status: 204 };
    }
    await commitOrConflict(ctx, [{ op: "delete", key: stored.key, expect: { etag: stored.etag } }], stored.id);
    return { status: 200 };
  };

  const listInGroup = async (req: ArmRequest): Promise<ArmResponse> => {
    const rg = await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
    return { status: 200, body: { value: (await listAll(ctx, { type: IDENTITY_TYPE, parentKey: rg.key })).map((s) => asNet(s).resource) } };
  };

  const listInSubscription = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    assertSubscriptionId(sub);
    return { status: 200, body: { value: (await listAll(ctx, { type: IDENTITY_TYPE, subscriptionId: sub.toLowerCase() })).map((s) => asNet(s).resource) } };
  };

  return [
    { method: "PUT", path: PATH, apiVersions: versions, write: true, body: "required", handler: put },
    { method: "GET", path: PATH, apiVersions: versions, write: false, body: "none", handler: get },
    { method: "PATCH", path: PATH, apiVersions: versions, write: true, body: "required", handler: patch },
    { method: "DELETE", path: PATH, apiVersions: versions, write: true, body: "none", handler: del },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listInGroup,
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listInSubscription,
    },
  ];
}
