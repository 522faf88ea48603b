import { ArmError } from "../arm/errors.js";

/**
 * ARM's cloud metadata document, `GET /metadata/endpoints?api-version=...` (no token), describing the
 * emulator as a cloud of its own, in each form a client reads:
 *
 * - `1.0` / `2015-01-01`: one object (galleryEndpoint, graphEndpoint, portalEndpoint, authentication):
 *   what `az cloud register --endpoint-resource-manager` reads (msrestazure's
 *   `_populate_from_metadata_endpoint`: graphEndpoint, authentication.loginEndpoint, audiences[0]);
 * - `2018-01-01`: the same with graphAudience and the authentication's tenant and identityProvider;
 * - `2019-05-01`: an array of clouds (here one), which az reads from `ARM_CLOUD_METADATA_URL`;
 * - `2022-09-01`: one cloud object, which hashicorp/go-azure-sdk (`sdk/internal/metadata/client.go`:
 *   Terraform azurerm's `metadata_host`, Pulumi azure-native's `metadataHost`) reads.
 *
 * The shapes are those of management.azure.com's answers as go-azure-sdk's metadata tests record them
 * (`sdk/internal/metadata/client_test.go`). Resource Manager, the login endpoint and Microsoft Graph are
 * this emulator's origin; the audiences its tokens are accepted for are the origin and Azure's ARM one.
 * Services the emulator does not serve get names under `aks-emulator.invalid`, a name that never
 * resolves (RFC 2606), so no client reaches Azure through them (docs/fidelity.md "Cloud metadata").
 */

const METADATA_PATH = "/metadata/endpoints";
const CLOUD_NAME = "AksEmulator";
const SERVED_VERSIONS = ["2022-09-01", "2019-05-01", "2018-01-01", "2015-01-01", "1.0"];
const ELSEWHERE = "aks-emulator.invalid";

/** The document at an api-version, for a server reached at `origin` (`https://host:port`). */
export function cloudMetadata(apiVersion: string | null, origin: string): unknown {
  if (apiVersion === null || apiVersion === "") {
    throw new ArmError(
      400,
      "MissingApiVersionParameter",
      `The api-version query parameter (?api-version=) is required for all requests. Use one of '${SERVED_VERSIONS.join(", ")}'.`,
    );
  }
  const base = `${origin}/`;
  const audiences = [base, "https://management.azure.com/"];
  switch (apiVersion) {
    case "1.0":
    case "2015-01-01":
      return { galleryEndpoint: base, graphEndpoint: base, portalEndpoint: base, authentication: { loginEndpoint: base, audiences } };
    case "2018-01-01":
      return {
        galleryEndpoint: base,
        graphEndpoint: base,
        portalEndpoint: base,
        graphAudience: base,
        authentication: { loginEndpoint: base, audiences, tenant: "common", identityProvider: "AAD" },
      };
    case "2019-05-01":
      return [cloud(origin, base)];
    case "2022-09-01":
      return cloud(origin, origin);
    default:
      throw new ArmError(
        400,
        "InvalidApiVersionParameter",
        `The api-version '${apiVersion}' is invalid. The supported versions are '${SERVED_VERSIONS.join(",")}'.`,
      );
  }
}

/** One cloud as the 2019-05-01 and 2022-09-01 forms describe it (`loginEndpoint` as each spells it). */
function cloud(origin: string, loginEndpoint: string): Record<string, unknown> {
  const base = `${origin}/`;
  const other = (name: string) => `https://${name}.${ELSEWHERE}`;
  return {
    portal: base,
    authentication: { loginEndpoint, audiences: [base, "https://management.azure.com/"], tenant: "common", identityProvider: "AAD" },
    media: other("media"),
    graphAudience: base,
    graph: base,
    name: CLOUD_NAME,
    suffixes: {
      azureDataLakeStoreFileSystem: `datalakestore.${ELSEWHERE}`,
      acrLoginServer: `azurecr.${ELSEWHERE}`,
      sqlServerHostname: `database.${ELSEWHERE}`,
      azureDataLakeAnalyticsCatalogAndJob: `datalakeanalytics.${ELSEWHERE}`,
      keyVaultDns: `vault.${ELSEWHERE}`,
      storage: `core.${ELSEWHERE}`,
      azureFrontDoorEndpointSuffix: `azurefd.${ELSEWHERE}`,
      storageSyncEndpointSuffix: `afs.${ELSEWHERE}`,
      mhsmDns: `managedhsm.${ELSEWHERE}`,
      mysqlServerEndpoint: `mysql.database.${ELSEWHERE}`,
      postgresqlServerEndpoint: `postgres.database.${ELSEWHERE}`,
      mariadbServerEndpoint: `mariadb.database.${ELSEWHERE}`,
      synapseAnalytics: `dev.synapse.${ELSEWHERE}`,
      attestationEndpoint: `attest.${ELSEWHERE}`,
    },
    batch: `${other("batch")}/`,
    resourceManager: base,
    vmImageAliasDoc: `${other("gallery")}/aliases.json`,
    activeDirectoryDataLake: `${other("datalake")}/`,
    sqlManagement: `${other("sqlmanagement")}/`,
    microsoftGraphResourceId: base,
    appInsightsResourceId: other("appinsights"),
    appInsightsTelemetryChannelResourceId: `${other("dc.appinsights")}/v2/track`,
    attestationResourceId: other("attest"),
    synapseAnalyticsResourceId: other("dev.synapse"),
    logAnalyticsResourceId: other("loganalytics"),
    ossrDbmsResourceId: other("ossrdbms-aad.database"),
  };
}

/** `/metadata/endpoints`, also as `//metadata/endpoints` (az joins an endpoint ending in `/` with the path). */
export function isMetadataPath(path: string): boolean {
  return path.replace(/^\/+/, "/").replace(/\/+$/, "").toLowerCase() === METADATA_PATH;
}
