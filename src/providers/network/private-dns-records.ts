import { PRIVATE_DNS_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { Route } from "../../arm/router.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { kitResource } from "../../kit/lifecycle.js";
import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { pageTop } from "../paging.js";
import { optionalArray, optionalInteger, optionalObject, optionalString, optionalStringMap, requireObject, typeError } from "../validation.js";
import { asNet, listAll, NETWORK_NAMESPACE, type Obj } from "./common.js";
import { RECORD_TYPES, RECORDS_PROPERTY, recordSetResource, recordSetType, type RecordType } from "./private-dns-record-rows.js";
import { zoneRef, zoneScopeFor } from "./private-dns.js";

/**
 * Private DNS record sets, `privateDnsZones/{zone}/{A|AAAA|CNAME|MX|PTR|SOA|SRV|TXT}/{name}`, on the
 * kit: one declaration per record type (the provider registers each as a type of its own), PUT with
 * If-Match / If-None-Match, GET, PATCH, DELETE, the list of a type and the list of all
 * (`privateDnsZones/{zone}/ALL`), both with `$top` and `nextLink`. Synchronous, as the definition's
 * RecordSets operations are (specification/privatedns/resource-manager/Microsoft.Network/PrivateDns/
 * stable/2020-06-01/privatedns.json): PUT 201/200, PATCH 200, DELETE 200/204. The SOA record set is
 * `@`, made with its zone and deleted with it (docs/fidelity.md "Private DNS record sets").
 */

const ZONE_SCOPE_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateDnsZones/:privateZoneName";

/** A record set's TTL when a PUT gives none (docs/fidelity.md "Private DNS record sets"). */
const DEFAULT_TTL = 3600;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function badRecord(path: string, what: string): ArmError {
  return new ArmError(400, "BadRequest", `The value of ${path} is not valid: ${what}.`, { target: path });
}

/** Each element of a record list, as an object whose fields `check` reads. */
function recordList(raw: unknown, path: string, check: (o: Obj, at: string) => Obj): Obj[] {
  return (optionalArray(raw, path) ?? []).map((r, i) => check(requireObject(r, `${path}[${i}]`), `${path}[${i}]`));
}

function requiredString(o: Obj, field: string, at: string): string {
  const v = optionalString(o[field], `${at}.${field}`);
  if (v === undefined || v === "") throw badRecord(`${at}.${field}`, "it is required");
  return v;
}

function requiredInteger(o: Obj, field: string, at: string, max: number): number {
  const v = optionalInteger(o[field], `${at}.${field}`);
  if (v === undefined || v < 0 || v > max) throw badRecord(`${at}.${field}`, `give a whole number from 0 to ${max}`);
  return v;
}

/** The records of a PUT or PATCH body for the record type, checked as the definition shapes them. */
function parseRecords(t: RecordType, props: Obj, previous: unknown): unknown {
  const field = RECORDS_PROPERTY[t];
  const path = `properties.${field}`;
  const raw = props[field];
  switch (t) {
    case "A":
      return recordList(raw, path, (o, at) => {
        const ip = requiredString(o, "ipv4Address", at);
        if (!IPV4.test(ip)) throw badRecord(`${at}.ipv4Address`, `'${ip}' is not an IPv4 address`);
        return { ipv4Address: ip };
      });
    case "AAAA":
      return recordList(raw, path, (o, at) => {
        const ip = requiredString(o, "ipv6Address", at);
        if (!/^[0-9a-fA-F:.]+$/.test(ip) || !ip.includes(":")) throw badRecord(`${at}.ipv6Address`, `'${ip}' is not an IPv6 address`);
        return { ipv6Address: ip };
      });
    case "CNAME": {
      const o = optionalObject(raw, path);
      return o ? { cname: requiredString(o, "cname", path) } : undefined;
    }
    case "MX":
      return recordList(raw, path, (o, at) => ({ preference: requiredInteger(o, "preference", at, 65535), exchange: requiredString(o, "exchange", at) }));
    case "PTR":
      return recordList(raw, path, (o, at) => ({ ptrdname: requiredString(o, "ptrdname", at) }));
    case "SRV":
      return recordList(raw, path, (o, at) => ({
        priority: requiredInteger(o, "priority", at, 65535),
        weight: requiredInteger(o, "weight", at, 65535),
        port: requiredInteger(o, "port", at, 65535),
        target: requiredString(o, "target", at),
      }));
    case "TXT":
      return recordList(raw, path, (o, at) => {
        const value = (optionalArray(o["value"], `${at}.value`) ?? []).map((v, j) => {
          if (typeof v !== "string") throw typeError(`${at}.value[${j}]`, "a string", v);
          return v;
        });
        return { value };
      });
    case "SOA": {
      // host and serialNumber are the service's; the rest may be changed.
      const before = (previous ?? {}) as Obj;
      const o = optionalObject(raw, path) ?? {};
      const time = (f: string): number => (o[f] === undefined || o[f] === null ? Number(before[f]) : requiredInteger(o, f, path, 2_147_483_647));
      return {
        host: before["host"] ?? "azureprivatedns.net",
        email: optionalString(o["email"], `${path}.email`) ?? before["email"],
        serialNumber: before["serialNumber"] ?? 1,
        refreshTime: time("refreshTime"),
        retryTime: time("retryTime"),
        expireTime: time("expireTime"),
        minimumTtl: time("minimumTtl"),
      };
    }
  }
}

/** What a record set's properties say (TTL, metadata, records), checked; `before`: the stored properties. */
function recordValues(t: RecordType, props: Obj, before: Obj): { ttl: number; metadata?: Record<string, string>; records: unknown } {
  const ttl = optionalInteger(props["ttl"], "properties.ttl");
  if (ttl !== undefined && (ttl < 0 || ttl > 2_147_483_647)) throw badRecord("properties.ttl", "give a whole number of seconds from 0");
  const metadata = optionalStringMap(props["metadata"], "properties.metadata");
  return { ttl: ttl ?? DEFAULT_TTL, ...(metadata ? { metadata } : {}), records: parseRecords(t, props, before[RECORDS_PROPERTY[t]]) };
}

/** A record set's resource from a PUT body. */
function recordSetFrom(scope: StoredResource, t: RecordType, name: string, etag: string, body: Obj, previous?: Obj): Obj {
  const props = optionalObject(body["properties"], "properties") ?? {};
  return recordSetResource(zoneRef(scope), t, name, etag, recordValues(t, props, (previous?.["properties"] as Obj | undefined) ?? {}));
}

function recordSetNotFound(zone: StoredResource, t: RecordType, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "NotFound",
    `The resource record '${name}' of type '${t}' does not exist in the private DNS zone '${String(asNet(zone).resource["name"])}' of resource group '${resourceGroup}'.`,
  );
}

/** SOA: the one record set `@` of each zone (docs/fidelity.md "Private DNS record sets"). */
function soaRules(t: RecordType) {
  if (t !== "SOA") return {};
  return {
    checkName(name: string) {
      if (name !== "@") throw new ArmError(400, "BadRequest", `A zone's SOA record set is named '@', not '${name}'. Send PUT .../SOA/@ to change it.`);
    },
    updateOnly: true,
    refuseDelete: async () =>
      new ArmError(400, "BadRequest", "The SOA record set of a private DNS zone cannot be deleted: it goes with its zone. Delete the zone instead."),
  };
}

function recordSetDeclaration(t: RecordType): ResourceTypeDeclaration {
  const etagOf = (resource: Obj): string => String(resource["etag"]);
  const nextEtag = (ctx: ProviderContext, key: string, generation: number): string => ctx.ids.guid("resource-etag", key, generation, ctx.clock.now());
  return kitResource(
    {
      namespace: NETWORK_NAMESPACE,
      type: `privateDnsZones/${t}`,
      scope: zoneScopeFor(`privateDnsZones/${t}`),
      nameParam: "relativeRecordSetName",
      pageTop: true,
      patchTags: true,
      etagOf,
      etagHeader: true,
      ...soaRules(t),
      build: ({ name, body, previous, previousMeta, scope, key }, ctx) => {
        const generation = Number(previousMeta?.["generation"] ?? 0) + 1;
        // A record set written by a DNS zone group or AKS keeps its owner when the user changes it.
        const meta = previousMeta?.["owner"] ? { owner: previousMeta["owner"] } : {};
        return { resource: recordSetFrom(scope.stored, t, previous ? String(previous["name"]) : name, nextEtag(ctx, key, generation), body, previous), meta };
      },
      // PATCH: the properties it sends replace the stored ones (records, TTL, metadata).
      applyPatch: (resource, input, { key, generation }, ctx) => {
        const before = (resource["properties"] as Obj | undefined) ?? {};
        const sent = optionalObject(input["properties"], "properties") ?? {};
        const { ttl, metadata, records } = recordValues(t, { ...before, ...sent }, before);
        resource["etag"] = nextEtag(ctx, key, generation);
        resource["properties"] = { ...(metadata ? { metadata } : {}), ttl, fqdn: before["fqdn"], isAutoRegistered: false, [RECORDS_PROPERTY[t]]: records };
        return resource;
      },
      notFound: (name, scope, params) => recordSetNotFound(scope.stored, t, name, params["resourceGroupName"]!),
    },
    {
      apiVersions: PRIVATE_DNS_API_VERSIONS,
      registration: "regions",
      // Every record type's sample is named `@` (the shared name parameter; the SOA record set can only be `@`).
      sample: { name: "@", body: () => ({ properties: { ttl: 300, ...SAMPLE_RECORDS[t] } }), patch: { properties: { ttl: 600 } } },
    },
  );
}

const SAMPLE_RECORDS: Record<RecordType, Obj> = {
  A: { aRecords: [{ ipv4Address: "10.7.0.4" }] },
  AAAA: { aaaaRecords: [{ ipv6Address: "fd00::4" }] },
  CNAME: { cnameRecord: { cname: "target.example.com" } },
  MX: { mxRecords: [{ preference: 10, exchange: "mail.example.com" }] },
  PTR: { ptrRecords: [{ ptrdname: "host.example.com" }] },
  SOA: { soaRecord: { email: "hostmaster.example.com", refreshTime: 3600, retryTime: 300, expireTime: 2419200, minimumTtl: 300 } },
  SRV: { srvRecords: [{ priority: 1, weight: 1, port: 443, target: "svc.example.com" }] },
  TXT: { txtRecords: [{ value: ["v=1"] }] },
};

export const recordSetTypes: readonly ResourceTypeDeclaration[] = RECORD_TYPES.map(recordSetDeclaration);

/**
 * `GET privateDnsZones/{zone}/ALL`: every record set of the zone, by type then name, `$top` a page
 * (at most the emulator's page size) and a nextLink whose `$skipToken` is the position reached.
 */
function listAllRoute(ctx: ProviderContext): Route {
  const scope = zoneScopeFor("privateDnsZones/ALL");
  return {
    method: "GET",
    path: `${ZONE_SCOPE_PATH}/ALL`,
    apiVersions: { namespace: NETWORK_NAMESPACE, resourceType: "privateDnsZones/ALL", kind: "provider" },
    write: false,
    body: "none",
    handler: async (req) => {
      const top = Math.min(pageTop(req) ?? ctx.config.pageSize, ctx.config.pageSize);
      const token = req.query.get("$skipToken");
      if (token !== null && !/^[0-9]{1,9}$/.test(token)) {
        throw new ArmError(400, "InvalidSkipToken", `The $skipToken '${token}' is not valid. Use the nextLink of the previous page as it is.`);
      }
      const zone = await scope.require(ctx, req.params, "read");
      const all: Obj[] = [];
      for (const t of RECORD_TYPES) for (const r of await listAll(ctx, { type: recordSetType(t), parentKey: zone.key })) all.push(asNet(r).resource);
      const from = Number(token ?? 0);
      const value = all.slice(from, from + top);
      if (from + top >= all.length) return { status: 200, body: { value } };
      const url = new URL(req.origin + req.path);
      url.searchParams.set("api-version", req.apiVersion);
      url.searchParams.set("$top", String(top));
      url.searchParams.set("$skipToken", String(from + top));
      return { status: 200, body: { value, nextLink: url.toString() } };
    },
  };
}

/** The list of all record sets of a zone, a type the provider registers beside the record types. */
export const allRecordSetsType: ResourceTypeDeclaration = {
  namespace: NETWORK_NAMESPACE,
  type: "privateDnsZones/ALL",
  apiVersions: PRIVATE_DNS_API_VERSIONS,
  registration: "regions",
  routes: (ctx) => [listAllRoute(ctx)],
};
