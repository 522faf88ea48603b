import { ArmError } from "../../arm/errors.js";
import { parseResourceId } from "../../arm/resource-id.js";
import { optionalArray, optionalBoolean, optionalObject, optionalString, typeError } from "../validation.js";

/**
 * apiServerAccessProfile: private clusters, their private DNS zone, the public FQDN of a private
 * cluster, and authorized IP ranges, with the rules AKS applies (docs/sources.md "Private DNS zone", "Authorized IP ranges").
 * Pure functions: the handler does the store lookups (zone and identity existence).
 */

type Obj = Record<string, unknown>;

export type ZoneChoice =
  | { mode: "system" }
  | { mode: "none" }
  | { mode: "custom"; id: string; zoneName: string; subscriptionId: string; resourceGroup: string };

export interface AccessDecision {
  /** The profile as the answer shows it (undefined: no key). */
  profile: Obj | undefined;
  private: boolean;
  zone?: ZoneChoice;
  publicFqdn: boolean;
  vnetIntegration: boolean;
}

/** The four zone-name forms the RP accepts (I-104092); `private.` ones need API server VNet integration. */
export const ALLOWED_ZONE_PATTERNS =
  "private.<region>.azmk8s.io,privatelink.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.private.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.privatelink.<region>.azmk8s.io";

function invalidZone(value: string, why: string): ArmError {
  return new ArmError(
    400,
    "InvalidPrivateDNSZoneResourceID",
    `Invalid private dns zone resource id '${value}'. ${why} The zone must be 'system', 'none', or the resource id of a Microsoft.Network/privateDnsZones zone named like one of '${ALLOWED_ZONE_PATTERNS}', with <region> the cluster's full location name.`,
    { target: "apiServerAccessProfile.privateDNSZone" },
  );
}

/** Parses `privateDNSZone` (case-insensitive `system`/`none`, or a zone resource id). */
export function parsePrivateDnsZone(value: string, location: string, vnetIntegration: boolean): ZoneChoice {
  const lower = value.toLowerCase();
  if (lower === "system") return { mode: "system" };
  if (lower === "none") return { mode: "none" };
  const id = parseResourceId(value);
  if (id?.namespace.toLowerCase() !== "microsoft.network" || id.types.length !== 1 || id.types[0]!.toLowerCase() !== "privatednszones") {
    throw invalidZone(value, "It is not the resource id of a Microsoft.Network/privateDnsZones zone.");
  }
  const zoneName = id.names[0]!;
  const z = zoneName.toLowerCase();
  const loc = location.toLowerCase();
  const forms: [RegExp, boolean][] = [
    [new RegExp(`^privatelink\\.${loc}\\.azmk8s\\.io$`), false],
    [new RegExp(`^[a-z0-9-]{1,32}\\.privatelink\\.${loc}\\.azmk8s\\.io$`), false],
    [new RegExp(`^private\\.${loc}\\.azmk8s\\.io$`), true],
    [new RegExp(`^[a-z0-9-]{1,32}\\.private\\.${loc}\\.azmk8s\\.io$`), true],
  ];
  const match = forms.find(([re]) => re.test(z));
  if (!match) {
    throw invalidZone(value, `The zone name '${zoneName}' is not one of the allowed forms for location '${location}'.`);
  }
  if (match[1] && !vnetIntegration) {
    throw invalidZone(
      value,
      `The zone name '${zoneName}' (a 'private.' zone) needs API server VNet integration (apiServerAccessProfile.enableVnetIntegration).`,
    );
  }
  return { mode: "custom", id: value, zoneName, subscriptionId: id.subscriptionId, resourceGroup: id.resourceGroup };
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/**
 * Checks authorizedIPRanges: IPv4 addresses or CIDRs, at most 200 (2,000 with VNet
 * integration), `0.0.0.0/32` only alone (DOC-AUTHIP). A bare address is stored as `/32`
 * (docs/fidelity.md "Authorized IP range without a prefix length").
 */
export function normalizeAuthorizedRanges(raw: unknown[], vnetIntegration: boolean): string[] {
  const limit = vnetIntegration ? 2000 : 200;
  if (raw.length > limit) {
    throw new ArmError(400, "InvalidParameter", `The number of APIServer Authorized IP Ranges is greater than the allowed value ${limit}.`, {
      target: "apiServerAccessProfile.authorizedIPRanges",
    });
  }
  const out = raw.map((r, i) => {
    if (typeof r !== "string") throw typeError(`properties.apiServerAccessProfile.authorizedIPRanges[${i}]`, "a string", r);
    const s = r.trim();
    if (s.includes(":")) {
      // docs/fidelity.md "IPv6 authorized IP range".
      throw new ArmError(400, "IPv6NotSupported", `Authorized IP range '${r}' is an IPv6 address or range; API server authorized IP ranges must be IPv4.`, {
        target: "apiServerAccessProfile.authorizedIPRanges",
      });
    }
    const m = IPV4_CIDR.exec(s);
    const octets = m ? [m[1], m[2], m[3], m[4]].map(Number) : [];
    const prefix = m?.[5] === undefined ? 32 : Number(m[5]);
    if (!m || octets.some((o) => o > 255) || prefix > 32) {
      // docs/fidelity.md "Malformed authorized IP range".
      throw new ArmError(400, "CidrStringParseError", `Authorized IP range '${r}' is not a valid IPv4 address or CIDR (for example 203.0.113.0/24).`, {
        target: "apiServerAccessProfile.authorizedIPRanges",
      });
    }
    return m[5] === undefined ? `${s}/32` : s;
  });
  if (out.includes("0.0.0.0/32") && out.length > 1) {
    throw new ArmError(
      400,
      "InvalidParameter",
      "Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges. Refer to https://aka.ms/aks/auth-ip-ranges for more details",
      { target: "apiServerAccessProfile.authorizedIPRanges" },
    );
  }
  return out;
}

export interface AccessInput {
  /** The request's profile (undefined: not sent). */
  requested: Obj | undefined;
  /** The stored profile of the existing cluster, on update. */
  previous: Obj | undefined;
  creating: boolean;
  location: string;
  loadBalancerSku: string | undefined;
  identityType: string | undefined;
  hasServicePrincipal: boolean;
  fqdnSubdomain: string | undefined;
  /** Locations that refuse private clusters (setting; empty by default). */
  refusedLocations: readonly string[];
}

/** Decides the profile of a create or update, or throws the error AKS answers. */
export function decideApiServerAccess(input: AccessInput): AccessDecision {
  const req = input.requested === undefined ? undefined : (optionalObject(input.requested, "properties.apiServerAccessProfile") ?? {});
  const prev = input.previous ?? {};
  const p = "properties.apiServerAccessProfile";
  const reqPrivate = optionalBoolean(req?.["enablePrivateCluster"], `${p}.enablePrivateCluster`);
  const reqZone = optionalString(req?.["privateDNSZone"], `${p}.privateDNSZone`);
  const reqPublicFqdn = optionalBoolean(req?.["enablePrivateClusterPublicFQDN"], `${p}.enablePrivateClusterPublicFQDN`);
  const reqVnet = optionalBoolean(req?.["enableVnetIntegration"], `${p}.enableVnetIntegration`);
  optionalString(req?.["subnetId"], `${p}.subnetId`);
  optionalBoolean(req?.["disableRunCommand"], `${p}.disableRunCommand`);
  const reqRanges = optionalArray(req?.["authorizedIPRanges"], `${p}.authorizedIPRanges`);

  // On update a field the request leaves out keeps its value.
  const wasPrivate = prev["enablePrivateCluster"] === true;
  const isPrivate = reqPrivate ?? (input.creating ? false : wasPrivate);
  const vnetIntegration = reqVnet ?? prev["enableVnetIntegration"] === true;

  if (!input.creating) {
    if (isPrivate !== wasPrivate && !vnetIntegration) {
      // I-CLI12669 wording; the code is docs/fidelity.md "Changing enablePrivateCluster".
      throw new ArmError(400, "PropertyChangeNotAllowed", "Changing enablePrivateCluster is not allowed. It can only be set while creating the cluster.", {
        target: "apiServerAccessProfile.enablePrivateCluster",
      });
    }
    if (prev["enableVnetIntegration"] === true && reqVnet === false) {
      throw new ArmError(
        400,
        "PropertyChangeNotAllowed",
        "Changing enableVnetIntegration from true to false is not allowed. API server VNet integration cannot be disabled once enabled.",
        {
          target: "apiServerAccessProfile.enableVnetIntegration",
        },
      );
    }
  }

  const profile: Obj = { ...prev, ...(req ?? {}) };
  delete profile["privateClusterVersion"];
  let zone: ZoneChoice | undefined;
  let publicFqdn = true;

  if (isPrivate) {
    if (input.refusedLocations.some((l) => l.replace(/\s+/g, "").toLowerCase() === input.location.toLowerCase())) {
      throw new ArmError(
        400,
        "PrivateClusterNotAllowedInLocation",
        `Private clusters are not allowed in location '${input.location}'. Choose another location or create a public cluster.`,
        {
          target: "apiServerAccessProfile.enablePrivateCluster",
        },
      );
    }
    if ((input.loadBalancerSku ?? "standard").toLowerCase() === "basic") {
      throw new ArmError(
        400,
        "PrivateClusterNotSupportedWithBasicLoadBalancer",
        "Private cluster is not supported with the Basic load balancer. Use loadBalancerSku 'standard'.",
        {
          target: "networkProfile.loadBalancerSku",
        },
      );
    }
    const zoneValue = reqZone ?? (typeof prev["privateDNSZone"] === "string" ? (prev["privateDNSZone"] as string) : "system");
    zone = parsePrivateDnsZone(zoneValue, input.location, vnetIntegration);
    if (!input.creating && typeof prev["privateDNSZone"] === "string") {
      const before = parsePrivateDnsZone(prev["privateDNSZone"] as string, input.location, vnetIntegration);
      const same = before.mode === zone.mode && (before.mode !== "custom" || (zone.mode === "custom" && before.id.toLowerCase() === zone.id.toLowerCase()));
      if (!same && zone.mode !== "none") {
        // DOC-PRIV: only system/custom -> none may change; docs/fidelity.md "Other private DNS zone changes".
        throw new ArmError(
          400,
          "PropertyChangeNotAllowed",
          `Changing property 'apiServerAccessProfile.privateDNSZone' from '${prev["privateDNSZone"]}' to '${zoneValue}' is not allowed. The private DNS zone can only change from 'system' or a custom zone to 'none'.`,
          {
            target: "apiServerAccessProfile.privateDNSZone",
          },
        );
      }
    }
    if (zone.mode === "custom" && input.identityType !== "UserAssigned" && !input.hasServicePrincipal) {
      throw new ArmError(
        400,
        "SystemAssignedIdentityNotSupportedForCustomPrivateDNSZone",
        "A custom private DNS zone needs a user-assigned control-plane identity or a service principal that can manage the zone; system-assigned identity is not supported. Set identity.type 'UserAssigned' with the identity in identity.userAssignedIdentities.",
        { target: "apiServerAccessProfile.privateDNSZone" },
      );
    }
    if (input.fqdnSubdomain !== undefined && zone.mode !== "custom") {
      throw new ArmError(
        400,
        "InvalidParameter",
        "fqdnSubdomain can only be used with a custom private DNS zone (apiServerAccessProfile.privateDNSZone set to a zone resource id).",
        { target: "fqdnSubdomain" },
      );
    }
    publicFqdn = reqPublicFqdn ?? (typeof prev["enablePrivateClusterPublicFQDN"] === "boolean" ? (prev["enablePrivateClusterPublicFQDN"] as boolean) : true);
    if (zone.mode === "none" && !publicFqdn) {
      throw new ArmError(
        400,
        "NonePrivateDNSZonePublicFQDNDisabledError",
        "A private cluster with privateDNSZone 'none' needs its public FQDN: enablePrivateClusterPublicFQDN cannot be false.",
        { target: "apiServerAccessProfile.enablePrivateClusterPublicFQDN" },
      );
    }
    const ranges = reqRanges ?? (Array.isArray(prev["authorizedIPRanges"]) ? (prev["authorizedIPRanges"] as unknown[]) : []);
    if (ranges.length > 0 && !vnetIntegration) {
      // Terraform quoting the RP (https://github.com/aquasecurity/tfsec/issues/571).
      throw new ArmError(400, "InvalidParameter", "Private cluster cannot be enabled with AuthorizedIPRanges.", {
        target: "apiServerAccessProfile.authorizedIPRanges",
      });
    }
    // Recorded order: enablePrivateCluster, privateDNSZone, enablePrivateClusterPublicFQDN.
    const ordered: Obj = {
      enablePrivateCluster: true,
      privateDNSZone: zone.mode === "custom" ? zone.id : zone.mode,
      enablePrivateClusterPublicFQDN: publicFqdn,
    };
    for (const [k, v] of Object.entries(profile)) if (!(k in ordered) && v !== undefined) ordered[k] = v;
    // The request's `authorizedIPRanges: []` is not echoed (docs/sources.md "apiServerAccessProfile in answers").
    if (Array.isArray(ordered["authorizedIPRanges"]) && (ordered["authorizedIPRanges"] as unknown[]).length === 0) delete ordered["authorizedIPRanges"];
    else if (ranges.length > 0) ordered["authorizedIPRanges"] = normalizeAuthorizedRanges(ranges, vnetIntegration);
    return { profile: ordered, private: true, zone, publicFqdn, vnetIntegration };
  }

  if (input.fqdnSubdomain !== undefined) {
    // docs/fidelity.md "fqdnSubdomain without a custom zone" (a public cluster has no zone either).
    throw new ArmError(
      400,
      "InvalidParameter",
      "fqdnSubdomain can only be used with a custom private DNS zone (apiServerAccessProfile.privateDNSZone set to a zone resource id).",
      { target: "fqdnSubdomain" },
    );
  }
  if (reqZone !== undefined && reqZone !== "") {
    // CLIENT-SIDE az message turned into the RP's answer: docs/fidelity.md "privateDNSZone on a public cluster".
    throw new ArmError(400, "InvalidParameter", "Invalid private dns zone for public cluster. It should always be empty for public cluster", {
      target: "apiServerAccessProfile.privateDNSZone",
    });
  }
  if (reqPublicFqdn === false) {
    throw new ArmError(400, "InvalidParameter", "enablePrivateClusterPublicFQDN can only be false for a private cluster (enablePrivateCluster true).", {
      target: "apiServerAccessProfile.enablePrivateClusterPublicFQDN",
    });
  }
  if (input.requested === undefined && input.previous === undefined) return { profile: undefined, private: false, publicFqdn: true, vnetIntegration };
  if (Array.isArray(profile["authorizedIPRanges"])) {
    const ranges = normalizeAuthorizedRanges(profile["authorizedIPRanges"] as unknown[], vnetIntegration);
    if (ranges.length === 0) delete profile["authorizedIPRanges"];
    else profile["authorizedIPRanges"] = ranges;
  }
  delete profile["privateDNSZone"];
  delete profile["enablePrivateClusterPublicFQDN"];
  // `{}` while updating; the finished cluster shows no profile at all (docs/sources.md "apiServerAccessProfile in answers").
  return { profile, private: false, publicFqdn: true, vnetIntegration };
}
