import { NETWORK_PRIVATE_ENDPOINT_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import { kitResource, type ScopeSpec } from "../../kit/lifecycle.js";
import type { StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { resourceNotFound } from "../tracked.js";
import { optionalArray, optionalObject, optionalString, requireObject } from "../validation.js";
import {
  anotherOperationInProgress,
  asNet,
  concurrentChange,
  listAll,
  NETWORK_NAMESPACE,
  normalizedKey,
  parentScope,
  providerId,
  weakEtag,
  type Obj,
} from "./common.js";
import { nextEtag } from "./completion.js";
import { etagOf, isDeleting, networkStyle, provisioned } from "./operation-styles.js";
import { recordSetKey, recordSetRow, relativeName } from "./private-dns-record-rows.js";
import { zoneRef } from "./private-dns.js";

/**
 * `privateEndpoints/{name}/privateDnsZoneGroups` on the kit, in Network's long-running style: each
 * `privateDnsZoneConfigs[].privateDnsZoneId` zone gets the endpoint's A record (its customDnsConfigs'
 * FQDN relative to the zone, the endpoint's addresses, TTL 10), written with the group's PUT and
 * removed by its DELETE, by the endpoint's DELETE, or when a PUT drops the zone. The group answers
 * the record sets it wrote. Shape: PrivateEndpointDnsZoneGroupGet.json
 * (specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/examples); rules:
 * docs/fidelity.md "Private DNS zone groups".
 */

const ZONE_GROUP_TYPE = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
const ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints";
/** The TTL of the A records a zone group writes (what Azure's zone groups write; docs/fidelity.md "Private DNS zone groups"). */
const RECORD_TTL = 10;

/** The endpoint the params name (undefined: none), after its group's 404. */
async function findEndpoint(ctx: ProviderContext, params: Record<string, string>): Promise<StoredResource | undefined> {
  await requireResourceGroup(ctx, params["subscriptionId"]!, params["resourceGroupName"]!);
  const key = `${resourceGroupKey(params["subscriptionId"]!, params["resourceGroupName"]!)}/providers/microsoft.network/privateendpoints/${params["privateEndpointName"]!}`;
  return ctx.store.get(key.toLowerCase());
}

/** The endpoint as the scope of its zone groups. */
const endpointScope: ScopeSpec = parentScope({
  path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateEndpoints/:privateEndpointName",
  find: findEndpoint,
  parentId: (params) =>
    providerId(params["subscriptionId"]!, params["resourceGroupName"]!, NETWORK_NAMESPACE, "privateEndpoints", params["privateEndpointName"]!),
  childType: "privateEndpoints/privateDnsZoneGroups",
  readNotFound: (params) => resourceNotFound(ENDPOINT_TYPE, params["privateEndpointName"]!, params["resourceGroupName"]!),
});

/** The names and addresses the endpoint answers for (its customDnsConfigs). */
function endpointNames(pe: StoredResource): { fqdn: string; ips: string[] }[] {
  const configs = (asNet(pe).resource["properties"] as Obj)["customDnsConfigs"];
  return (Array.isArray(configs) ? (configs as Obj[]) : []).flatMap((c) =>
    typeof c["fqdn"] === "string" && Array.isArray(c["ipAddresses"]) ? [{ fqdn: c["fqdn"], ips: (c["ipAddresses"] as unknown[]).map(String) }] : [],
  );
}

/** The record's name in the zone: the FQDN relative to it, else the FQDN's first label (docs/fidelity.md "Private DNS zone groups"). */
function recordName(fqdn: string, zoneName: string): string {
  const relative = relativeName(fqdn, zoneName);
  return relative === undefined || relative === "@" ? fqdn.split(".")[0]! : relative;
}

interface ZoneConfigInput {
  name: string;
  zoneId: string;
}

function parseConfigs(props: Obj): ZoneConfigInput[] {
  const raw = optionalArray(props["privateDnsZoneConfigs"], "properties.privateDnsZoneConfigs") ?? [];
  return raw.map((r, i) => {
    const path = `properties.privateDnsZoneConfigs[${i}]`;
    const entry = requireObject(r, path);
    const zoneId = optionalString(optionalObject(entry["properties"], `${path}.properties`)?.["privateDnsZoneId"], `${path}.properties.privateDnsZoneId`);
    if (!zoneId) {
      throw new ArmError(
        400,
        "InvalidRequestFormat",
        `Cannot parse the request. ${path}.properties.privateDnsZoneId is required (the id of a private DNS zone).`,
        {
          target: `${path}.properties.privateDnsZoneId`,
        },
      );
    }
    const name = optionalString(entry["name"], `${path}.name`) ?? zoneId.split("/").pop()!.replace(/\./g, "-");
    return { name, zoneId };
  });
}

/** The record keys a group's records were written under (its meta). */
const recordKeysOf = (meta: Obj | undefined): string[] => (Array.isArray(meta?.["records"]) ? (meta["records"] as string[]) : []);

/** Deletes of the records a group wrote that it still owns. */
async function ownedRecordDeletes(ctx: ProviderContext, groupKey: string, keys: string[]): Promise<Write[]> {
  const writes: Write[] = [];
  for (const key of keys) {
    const row = await ctx.store.get(key);
    if (row && asNet(row).meta["owner"] === groupKey) writes.push({ op: "delete", key, expect: { etag: row.etag } });
  }
  return writes;
}

/** What deleting an endpoint removes of its zone groups' records (private-endpoints.ts). */
export async function zoneGroupRecordWrites(ctx: ProviderContext, endpointKey: string): Promise<Write[]> {
  const writes: Write[] = [];
  for (const g of await listAll(ctx, { type: ZONE_GROUP_TYPE, parentKey: endpointKey }))
    writes.push(...(await ownedRecordDeletes(ctx, g.key, recordKeysOf(asNet(g).meta))));
  return writes;
}

export const privateDnsZoneGroupsType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "privateEndpoints/privateDnsZoneGroups",
    scope: endpointScope,
    nameParam: "privateDnsZoneGroupName",
    operations: networkStyle("privateDnsZoneGroup"),
    refuseWrite: (resource) => (isDeleting(resource) ? anotherOperationInProgress(String(resource["id"])) : undefined),
    etagOf,
    etagHeader: weakEtag,
    provisioned: (resource, { key }, ctx) => provisioned(resource, key, ctx),
    conflict: concurrentChange,
    retryConflicts: "dependencies",
    build: async ({ name, body, previous, previousMeta, scope, id, key }, ctx) => {
      const pe = scope.stored;
      const peName = String(asNet(pe).resource["name"]);
      const others = (await listAll(ctx, { type: ZONE_GROUP_TYPE, parentKey: pe.key })).filter((g) => g.key !== key);
      if (others.length > 0) {
        // The live message (pulumi/pulumi-azure-native#2179); the code is ours.
        throw new ArmError(
          400,
          "BadRequest",
          `Cannot create more than one private dns zone groups in the private endpoint ${peName}. Add the zone to the group '${String(asNet(others[0]!).resource["name"])}' instead.`,
        );
      }
      const props = optionalObject(body["properties"], "properties") ?? {};
      const configs = parseConfigs(props);
      const names = endpointNames(pe);
      const writes: Write[] = [];
      const recordKeys: string[] = [];
      const answered: Obj[] = [];
      for (const [i, c] of configs.entries()) {
        const zoneKey = normalizedKey(c.zoneId);
        const zone = zoneKey && /\/providers\/microsoft\.network\/privatednszones\/[^/]+$/.test(zoneKey) ? await ctx.store.get(zoneKey) : undefined;
        if (!zone) {
          // docs/fidelity.md "Private DNS zone groups": Network's answer for a referenced resource that does not exist.
          throw new ArmError(
            400,
            "InvalidResourceReference",
            `Resource ${c.zoneId} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
            { details: [], target: `properties.privateDnsZoneConfigs[${i}].properties.privateDnsZoneId` },
          );
        }
        const ref = zoneRef(zone);
        const recordSets: Obj[] = [];
        for (const n of names) {
          const recordSetName = recordName(n.fqdn, ref.name);
          const rkey = recordSetKey(ref.key, "A", recordSetName);
          if (recordKeys.includes(rkey)) continue;
          const existing = await ctx.store.get(rkey);
          const generation = existing ? Number(asNet(existing).meta["generation"] ?? 1) + 1 : 1;
          const row = recordSetRow(ctx, ref, "A", recordSetName, {
            ttl: RECORD_TTL,
            records: n.ips.map((ip) => ({ ipv4Address: ip })),
            owner: key,
            generation,
          });
          writes.push({ op: "put", resource: row, expect: existing ? { etag: existing.etag } : { absent: true } });
          recordKeys.push(rkey);
          recordSets.push({
            recordType: "A",
            recordSetName: recordSetName.toLowerCase(),
            fqdn: `${recordSetName.toLowerCase()}.${ref.name.toLowerCase()}`,
            ttl: RECORD_TTL,
            ipAddresses: n.ips,
            provisioningState: "Succeeded",
          });
        }
        answered.push({ name: c.name, properties: { privateDnsZoneId: zone.id, recordSets } });
      }
      // Records of zones this PUT no longer names go.
      writes.push(
        ...(await ownedRecordDeletes(
          ctx,
          key,
          recordKeysOf(previousMeta).filter((k) => !recordKeys.includes(k)),
        )),
      );
      const generation = Number(previousMeta?.["generation"] ?? 0) + 1;
      const resource: Obj = {
        name: previous ? String(previous["name"]) : name,
        id,
        etag: weakEtag(nextEtag(ctx, key, generation)),
        properties: { provisioningState: "Updating", privateDnsZoneConfigs: answered },
      };
      return { resource, meta: { records: recordKeys }, writes };
    },
    // The definition's PrivateDnsZoneGroup has no `type` (the kit stores one).
    render: ({ type: _type, ...rest }) => rest,
    // Its records go with it.
    teardown: (stored, ctx) => ownedRecordDeletes(ctx, stored.key, recordKeysOf(asNet(stored).meta)),
    notFound: (name, scope) => new ArmError(404, "NotFound", `Resource ${scope.idPrefix}/privateDnsZoneGroups/${name} not found.`, { details: [] }),
  },
  {
    apiVersions: NETWORK_PRIVATE_ENDPOINT_API_VERSIONS,
    registration: "none",
    sample: {
      name: "default",
      body: (refs) => ({ properties: { privateDnsZoneConfigs: [{ name: "zone", properties: { privateDnsZoneId: refs.privateDnsZoneId } }] } }),
    },
  },
);
