import { NETWORK_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { kitResource, resourceGroupScope } from "../../kit/lifecycle.js";
import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { resourceNotFound } from "../tracked.js";
import { asNet, NETWORK_NAMESPACE, netRecord, weakEtag, type Obj } from "./common.js";
import { etagOf } from "./operation-styles.js";

/**
 * Microsoft.Network/networkInterfaces as the emulator has them: the interface a private endpoint
 * makes (`<endpoint>.nic.<guid>`, in the endpoint's group and subnet), written in the endpoint's
 * create commit and deleted with it (private-endpoints.ts). GET, the group's list and the
 * subscription's list answer it; a user's PUT, PATCH or DELETE of it is refused with Network's
 * CannotModifyNicAttachedToPrivateEndpoint (Azure/azure-sdk-for-python#18911; docs/fidelity.md
 * "Network interfaces of private endpoints"). Shape: NetworkInterface of
 * specification/network/resource-manager/Microsoft.Network/stable/2025-05-01/networkInterface.json,
 * the ipConfiguration named `privateEndpointIpConfig.<guid>` as live exports show.
 */

const NIC_TYPE = "Microsoft.Network/networkInterfaces";

/** What an endpoint's interface is made of. */
export interface EndpointNic {
  /** The interface's id (`<group>/providers/Microsoft.Network/networkInterfaces/<name>`). */
  id: string;
  name: string;
  groupKey: string;
  subscriptionId: string;
  location: string;
  endpointId: string;
  subnetId: string;
  ip: string | undefined;
  /** The target's group id and required member (AKS: `management`), and the names the address answers for. */
  groupId: string;
  requiredMemberName: string;
  fqdns: string[];
}

/** The interface's stored row, Succeeded. */
export function nicRecord(ctx: ProviderContext, n: EndpointNic): StoredResource {
  const key = n.id.toLowerCase();
  const etag = ctx.ids.guid("network-etag", key, 1, ctx.clock.now());
  const ipConfigName = `privateEndpointIpConfig.${ctx.ids.guid("nic-ip-config", key)}`;
  const resource: Obj = {
    name: n.name,
    id: n.id,
    etag: weakEtag(etag),
    type: NIC_TYPE,
    location: n.location,
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: ctx.ids.guid("nic-resource-guid", key),
      ipConfigurations: [
        {
          name: ipConfigName,
          id: `${n.id}/ipConfigurations/${ipConfigName}`,
          etag: weakEtag(etag),
          type: `${NIC_TYPE}/ipConfigurations`,
          properties: {
            provisioningState: "Succeeded",
            ...(n.ip ? { privateIPAddress: n.ip } : {}),
            privateIPAllocationMethod: "Dynamic",
            subnet: { id: n.subnetId },
            primary: true,
            privateIPAddressVersion: "IPv4",
            privateLinkConnectionProperties: { groupId: n.groupId, requiredMemberName: n.requiredMemberName, fqdns: n.fqdns },
          },
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      macAddress: "",
      enableAcceleratedNetworking: false,
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      disableTcpStateTracking: false,
      hostedWorkloads: [],
      tapConfigurations: [],
      privateEndpoint: { id: n.endpointId },
      nicType: "Standard",
    },
  };
  return netRecord(key, n.id, n.groupKey, n.subscriptionId, NIC_TYPE, etag, { resource, meta: { generation: 1 } });
}

/** Network's refusal of a change to an interface a private endpoint owns (the live code; the wording around "can not be modified by user" is ours). */
function ownedByEndpoint(resource: Obj): ArmError {
  const endpoint = String(((resource["properties"] as Obj)["privateEndpoint"] as Obj | undefined)?.["id"] ?? "");
  return new ArmError(
    400,
    "CannotModifyNicAttachedToPrivateEndpoint",
    `Network interface ${String(resource["id"])} is attached to private endpoint ${endpoint}. It can not be modified by user: change or delete the private endpoint instead.`,
  );
}

export const networkInterfacesType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "networkInterfaces",
    scope: resourceGroupScope(NETWORK_NAMESPACE, requireResourceGroup),
    nameParam: "networkInterfaceName",
    listBySubscription: true,
    patchTags: true,
    etagOf,
    etagHeader: weakEtag,
    refuseWrite: ownedByEndpoint,
    refuseDelete: async (stored) => ownedByEndpoint(asNet(stored).resource),
    build: ({ id }) => {
      // docs/fidelity.md "Network interfaces of private endpoints": only endpoints make interfaces here.
      throw new ArmError(
        400,
        "BadRequest",
        `Network interface ${id} cannot be created: aks-emulator serves only the network interfaces private endpoints make (GET them by the id in the endpoint's properties.networkInterfaces).`,
      );
    },
    notFound: (name, _scope, params) => resourceNotFound(NIC_TYPE, name, params["resourceGroupName"]!),
  },
  {
    apiVersions: NETWORK_API_VERSIONS,
    registration: "regions",
    // The interface the private endpoints' sample (fuzz1) makes.
    sample: { name: "fuzz1.nic.", madeByOthers: true, body: () => ({ location: "eastus", properties: {} }), patch: { tags: { a: "b" } } },
  },
);
