import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { netRecord, type Obj } from "./common.js";

/**
 * How a private DNS record set is stored, for everyone who writes one: the record set routes
 * (private-dns-records.ts), a zone's own SOA record (made with the zone), a private endpoint's DNS
 * zone group (its A records) and a private cluster (the API server's A record). A record set is a
 * child of its zone, keyed `<zone key>/<type>/<name>` in lower case, body `{resource, meta}`
 * as the resource-type kit stores it. Shapes: the 2020-06-01 RecordSet examples of
 * specification/privatedns/resource-manager/Microsoft.Network/PrivateDns (names answered in lower case).
 */

/** The record types of a private DNS zone, in the order the definition lists them. */
export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "PTR", "SOA", "SRV", "TXT"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** The property holding each type's records. */
export const RECORDS_PROPERTY: Record<RecordType, string> = {
  A: "aRecords",
  AAAA: "aaaaRecords",
  CNAME: "cnameRecord",
  MX: "mxRecords",
  PTR: "ptrRecords",
  SOA: "soaRecord",
  SRV: "srvRecords",
  TXT: "txtRecords",
};

export const recordSetType = (t: RecordType): string => `Microsoft.Network/privateDnsZones/${t}`;

export function recordSetKey(zoneKey: string, t: RecordType, name: string): string {
  return `${zoneKey}/${t}/${name}`.toLowerCase();
}

/** The zone a record set is written into: its row's key, id, subscription and name. */
export interface ZoneRef {
  key: string;
  id: string;
  subscriptionId: string;
  name: string;
}

/** `<name>.<zone>.`, or `<zone>.` for the apex (`@`). */
function recordFqdn(zoneName: string, name: string): string {
  return name === "@" ? `${zoneName.toLowerCase()}.` : `${name.toLowerCase()}.${zoneName.toLowerCase()}.`;
}

/** A record set's answer body (its ETag a GUID, as private DNS writes it). */
export function recordSetResource(
  zone: ZoneRef,
  t: RecordType,
  name: string,
  etag: string,
  p: { ttl: number; metadata?: Record<string, string>; records: unknown },
): Obj {
  const lower = name.toLowerCase();
  return {
    id: `${zone.id}/${t}/${lower}`,
    name: lower,
    type: recordSetType(t),
    etag,
    properties: {
      ...(p.metadata ? { metadata: p.metadata } : {}),
      ttl: p.ttl,
      fqdn: recordFqdn(zone.name, lower),
      isAutoRegistered: false,
      [RECORDS_PROPERTY[t]]: p.records,
    },
  };
}

/**
 * A record set row written by another resource (a zone's SOA, a DNS zone group's or a private
 * cluster's A record); `owner` names the resource that removes it again.
 */
export function recordSetRow(
  ctx: ProviderContext,
  zone: ZoneRef,
  t: RecordType,
  name: string,
  p: { ttl: number; records: unknown; owner?: string; generation?: number },
): StoredResource {
  const key = recordSetKey(zone.key, t, name);
  const generation = p.generation ?? 1;
  const etag = ctx.ids.guid("resource-etag", key, generation, ctx.clock.now());
  const resource = recordSetResource(zone, t, name, etag, { ttl: p.ttl, records: p.records });
  const meta: Obj = { generation, ...(p.owner ? { owner: p.owner } : {}) };
  return netRecord(key, String(resource["id"]), zone.key, zone.subscriptionId, recordSetType(t), etag, { resource, meta });
}

/** The SOA record every zone has from its creation (values of the RecordSetSOAGet example). */
export function soaRow(ctx: ProviderContext, zone: ZoneRef): StoredResource {
  return recordSetRow(ctx, zone, "SOA", "@", {
    ttl: 3600,
    records: {
      host: "azureprivatedns.net",
      email: "azureprivatedns-hostmaster.microsoft.com",
      serialNumber: 1,
      refreshTime: 3600,
      retryTime: 300,
      expireTime: 2419200,
      minimumTtl: 300,
    },
  });
}

/** A record name relative to its zone: `@` for the apex, else the FQDN's labels before the zone (undefined: not in the zone). */
export function relativeName(fqdn: string, zoneName: string): string | undefined {
  const f = fqdn.toLowerCase().replace(/\.$/, "");
  const z = zoneName.toLowerCase().replace(/\.$/, "");
  if (f === z) return "@";
  return f.endsWith(`.${z}`) ? f.slice(0, -(z.length + 1)) : undefined;
}
