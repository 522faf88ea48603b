import type { VNode } from "preact";
import { html } from "./html.js";
import type { Json } from "./api.js";
import { type Item, ofType, provisioningState, type Snapshot } from "./snapshot.js";

/**
 * The private-link picture: virtual networks with their subnets (left), the private endpoints placed in
 * them, the clusters they connect to (the connection's state on the edge, as the cluster's side reports it),
 * and the private DNS zones with their records and the networks they are linked to (right). Four columns,
 * each stacked top-down; nothing but text and lines, drawn from the snapshot's answers.
 */

const COL = { vnet: 20, pe: 340, cluster: 620, zone: 920 };
const W = { vnet: 260, pe: 210, cluster: 230, zone: 340 };
const ROW = 22;
const GAP = 18;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Edge {
  from: { x: number; y: number };
  to: { x: number; y: number };
  label?: string;
  kind: string;
}

const lower = (s: unknown) => String(s ?? "").toLowerCase();
/** About how many characters of 12px text fit in `px` (the full text stays in the element's tooltip). */
const clip = (text: string, px: number): string => {
  const n = Math.max(4, Math.floor(px / 7));
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
};

export function connectionStateClass(status: string | undefined): string {
  switch (lower(status)) {
    case "approved":
      return "approved";
    case "pending":
      return "pending";
    case "rejected":
      return "rejected";
    default:
      return "disconnected";
  }
}

function endpointConnections(pe: Json): Json[] {
  return [...((pe?.properties?.privateLinkServiceConnections as Json[]) ?? []), ...((pe?.properties?.manualPrivateLinkServiceConnections as Json[]) ?? [])];
}

function recordValues(r: Json): string {
  const p = r?.properties ?? {};
  const parts: string[] = [];
  for (const a of (p.aRecords as Json[]) ?? []) parts.push(String(a.ipv4Address));
  for (const a of (p.aaaaRecords as Json[]) ?? []) parts.push(String(a.ipv6Address));
  if (p.cnameRecord) parts.push(String(p.cnameRecord.cname));
  for (const t of (p.txtRecords as Json[]) ?? []) parts.push(((t.value as string[]) ?? []).join(""));
  if (p.soaRecord) parts.push(`SOA ${String(p.soaRecord.host)}`);
  return parts.join(", ");
}

export function Topology({ snapshot, onSelect }: { snapshot: Snapshot; onSelect: (id: string) => void }): VNode {
  const vnets = ofType(snapshot, "Microsoft.Network/virtualNetworks");
  const endpoints = ofType(snapshot, "Microsoft.Network/privateEndpoints");
  const clusters = ofType(snapshot, "Microsoft.ContainerService/managedClusters");
  const zones = ofType(snapshot, "Microsoft.Network/privateDnsZones");
  const nodes: VNode[] = [];
  const edges: Edge[] = [];
  const subnetAnchor = new Map<string, { y: number; box: Box }>();
  const vnetBox = new Map<string, Box>();
  const clusterBox = new Map<string, Box>();
  const endpointBox = new Map<string, Box>();
  const zoneBox = new Map<string, Box>();

  const click = (id: string) => () => onSelect(id);
  const title = (b: Box, cls: string, text: string, sub: string, id: string, state?: string) =>
    html`<g class=${`node ${cls}`} data-id=${id} onClick=${click(id)}>
      <title>${`${text}\n${id}`}</title>
      <rect x=${b.x} y=${b.y} width=${b.w} height=${b.h} rx="6" />
      <text x=${b.x + 8} y=${b.y + 16} class="title">${clip(text, b.w - (state ? 112 : 16))}</text>
      <text x=${b.x + 8} y=${b.y + 32} class="sub">${clip(sub, b.w - 16)}</text>
      ${state ? html`<text x=${b.x + b.w - 8} y=${b.y + 16} class=${`state ${lower(state)}`} text-anchor="end">${state}</text>` : null}
    </g>`;

  // Virtual networks and their subnets.
  let y = 40;
  for (const v of vnets) {
    const subnets = (v.body?.properties?.subnets as Json[]) ?? [];
    const box = { x: COL.vnet, y, w: W.vnet, h: 42 + subnets.length * ROW + 6 };
    vnetBox.set(lower(v.body.id), box);
    const prefixes = ((v.body?.properties?.addressSpace?.addressPrefixes as string[]) ?? []).join(", ");
    nodes.push(title(box, "vnet", String(v.body.name), prefixes, String(v.body.id), provisioningState(v.body)));
    subnets.forEach((s, i) => {
      const sy = box.y + 42 + i * ROW;
      subnetAnchor.set(lower(s.id), { y: sy + ROW / 2, box });
      nodes.push(html`<g class="subnet" data-id=${String(s.id)} onClick=${click(String(v.body.id))}>
        <rect x=${box.x + 8} y=${sy} width=${box.w - 16} height=${ROW - 4} rx="3" />
        <text x=${box.x + 14} y=${sy + 14}>${clip(`${String(s.name)}  ${String(s.properties?.addressPrefix ?? (s.properties?.addressPrefixes ?? []).join(", "))}`, box.w - 28)}</text>
      </g>`);
    });
    y += box.h + GAP;
  }
  const leftHeight = y;

  // Private endpoints, next to their subnets where they can be.
  y = 40;
  const sortedEndpoints = endpoints
    .slice()
    .sort((a, b) => (subnetAnchor.get(lower(a.body?.properties?.subnet?.id))?.y ?? 1e9) - (subnetAnchor.get(lower(b.body?.properties?.subnet?.id))?.y ?? 1e9));
  for (const pe of sortedEndpoints) {
    const anchor = subnetAnchor.get(lower(pe.body?.properties?.subnet?.id));
    y = Math.max(y, anchor ? anchor.y - 20 : y);
    const box = { x: COL.pe, y, w: W.pe, h: 40 };
    endpointBox.set(lower(pe.body.id), box);
    const ip = (pe.body?.properties?.customDnsConfigs as Json[])?.[0]?.ipAddresses?.[0] ?? "";
    nodes.push(title(box, "endpoint", String(pe.body.name), `private endpoint ${String(ip)}`, String(pe.body.id), provisioningState(pe.body)));
    if (anchor) edges.push({ from: { x: anchor.box.x + anchor.box.w - 8, y: anchor.y }, to: { x: box.x, y: box.y + 20 }, kind: "in-subnet" });
    y += box.h + GAP;
  }
  const peHeight = y;

  // Clusters.
  y = 40;
  for (const c of clusters) {
    const box = { x: COL.cluster, y, w: W.cluster, h: 40 };
    clusterBox.set(lower(c.body.id), box);
    const access = c.body?.properties?.apiServerAccessProfile?.enablePrivateCluster ? "private cluster" : "cluster";
    nodes.push(title(box, "cluster", String(c.body.name), access, String(c.body.id), provisioningState(c.body)));
    y += box.h + GAP;
  }
  const clusterHeight = y;

  // Private DNS zones: their records inside, their links to networks as edges.
  y = 40;
  for (const z of zones) {
    const records = z.children.filter((r) => !lower(r.type).endsWith("/virtualnetworklinks") && !lower(r.type).endsWith("/soa"));
    const links = z.children.filter((r) => lower(r.type).endsWith("/virtualnetworklinks"));
    const box = { x: COL.zone, y, w: W.zone, h: 42 + records.length * ROW + 6 };
    zoneBox.set(lower(z.body.id), box);
    nodes.push(title(box, "zone", String(z.body.name), `private DNS zone, ${links.length} link(s)`, String(z.body.id), provisioningState(z.body)));
    records.forEach((r, i) => {
      const ry = box.y + 42 + i * ROW;
      const type = String(r.type).split("/").pop();
      nodes.push(html`<g class="record" data-id=${String(r.body.id)} onClick=${click(String(r.body.id))}>
        <title>${`${String(r.body.name)} ${type} ${recordValues(r.body)}`}</title>
        <text x=${box.x + 14} y=${ry + 14}>${clip(`${String(r.body.name)} ${type} ${recordValues(r.body)}`, box.w - 28)}</text>
      </g>`);
    });
    for (const l of links) {
      const target = vnetBox.get(lower(l.body?.properties?.virtualNetwork?.id));
      if (target) {
        edges.push({
          from: { x: box.x, y: box.y + 10 },
          to: { x: target.x + target.w, y: target.y + 14 },
          label: `link ${String(l.body.name)} (${String(l.body?.properties?.virtualNetworkLinkState ?? l.body?.properties?.provisioningState ?? "")})`,
          kind: "dns-link",
        });
      }
    }
    y += box.h + GAP;
  }
  const zoneHeight = y;

  // Endpoint -> cluster edges, with the state the cluster's connection reports (else the endpoint's side).
  const clusterConnections = new Map<string, Item>();
  for (const c of clusters) {
    for (const child of c.children) {
      if (lower(child.type).endsWith("/privateendpointconnections")) clusterConnections.set(lower(child.body?.properties?.privateEndpoint?.id), child);
    }
  }
  for (const pe of endpoints) {
    const from = endpointBox.get(lower(pe.body.id));
    for (const conn of endpointConnections(pe.body)) {
      const target = clusterBox.get(lower(conn?.properties?.privateLinkServiceId));
      if (!from || !target) continue;
      const clusterSide = clusterConnections.get(lower(pe.body.id));
      const status = String(
        clusterSide?.body?.properties?.privateLinkServiceConnectionState?.status ?? conn?.properties?.privateLinkServiceConnectionState?.status ?? "",
      );
      edges.push({
        from: { x: from.x + from.w, y: from.y + 20 },
        to: { x: target.x, y: target.y + 20 },
        label: status,
        kind: `connection ${connectionStateClass(status)}`,
      });
    }
    for (const group of pe.children) {
      for (const config of (group.body?.properties?.privateDnsZoneConfigs as Json[]) ?? []) {
        const zone = zoneBox.get(lower(config?.properties?.privateDnsZoneId));
        if (from && zone) edges.push({ from: { x: from.x + from.w, y: from.y + 34 }, to: { x: zone.x, y: zone.y + 24 }, kind: "dns-group" });
      }
    }
  }
  // A cluster's node subnet (its pools' vnetSubnetID).
  for (const c of clusters) {
    const target = clusterBox.get(lower(c.body.id));
    const subnets = new Set(((c.body?.properties?.agentPoolProfiles as Json[]) ?? []).map((p) => lower(p.vnetSubnetID)).filter((s) => s !== ""));
    for (const s of subnets) {
      const anchor = subnetAnchor.get(s);
      if (anchor && target)
        edges.push({ from: { x: anchor.box.x + anchor.box.w - 8, y: anchor.y }, to: { x: target.x, y: target.y + 34 }, label: "nodes", kind: "nodes" });
    }
  }

  const height = Math.max(leftHeight, peHeight, clusterHeight, zoneHeight, 120) + 20;
  const width = COL.zone + W.zone + 20;
  const edgeNodes = edges.map((e) => {
    const mx = (e.from.x + e.to.x) / 2;
    const d = `M${e.from.x},${e.from.y} C${mx},${e.from.y} ${mx},${e.to.y} ${e.to.x},${e.to.y}`;
    return html`<g class=${`edge ${e.kind}`}>
      <path d=${d} />
      ${
        e.label === undefined
          ? null
          : e.kind.startsWith("connection")
            ? html`<text x=${e.to.x - 6} y=${e.to.y - 6} text-anchor="end" class="label">${e.label}</text>`
            : html`<text x=${mx} y=${(e.from.y + e.to.y) / 2 - 4} text-anchor="middle">${e.label}</text>`
      }
    </g>`;
  });
  const empty = vnets.length + endpoints.length + clusters.length + zones.length === 0;
  return html`<div class="topology">
    ${empty ? html`<p class="hint">Nothing to draw yet: create virtual networks, private endpoints, clusters or private DNS zones.</p>` : null}
    <svg xmlns="http://www.w3.org/2000/svg" width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`} role="img" aria-label="private link topology">
      <text x=${COL.vnet} y="22" class="column">virtual networks and subnets</text>
      <text x=${COL.pe} y="22" class="column">private endpoints</text>
      <text x=${COL.cluster} y="22" class="column">clusters</text>
      <text x=${COL.zone} y="22" class="column">private DNS zones and records</text>
      ${edgeNodes}
      ${nodes}
    </svg>
  </div>`;
}
