/**
 * Azure public-cloud locations, as ARM lists them, and the subset where
 * Microsoft.ContainerService/managedClusters is offered. Facts only; sources in the comments and
 * in docs/research-notes.md.
 */

export interface ArmLocation {
  /** Short, normalised name: what ARM stores and echoes (`"location": "westus2"`). */
  name: string;
  displayName: string;
  regionalDisplayName?: string;
}

/**
 * Physical public-cloud regions in the order `GET /subscriptions/{id}/locations` returns them.
 * Source: a live `az account list-locations -o table` capture from 2025 (name, DisplayName,
 * RegionalDisplayName columns), found in a public repository through the code index (the
 * repository could not be identified). Left out: the internal "(Stage)"/"STG" regions that capture
 * also shows, and access-restricted regions it lacks (e.g. swedensouth).
 */
export const LOCATIONS: readonly ArmLocation[] = [
  { name: "eastus", displayName: "East US", regionalDisplayName: "(US) East US" },
  { name: "westus2", displayName: "West US 2", regionalDisplayName: "(US) West US 2" },
  { name: "australiaeast", displayName: "Australia East", regionalDisplayName: "(Asia Pacific) Australia East" },
  { name: "southeastasia", displayName: "Southeast Asia", regionalDisplayName: "(Asia Pacific) Southeast Asia" },
  { name: "northeurope", displayName: "North Europe", regionalDisplayName: "(Europe) North Europe" },
  { name: "swedencentral", displayName: "Sweden Central", regionalDisplayName: "(Europe) Sweden Central" },
  { name: "westeurope", displayName: "West Europe", regionalDisplayName: "(Europe) West Europe" },
  { name: "uksouth", displayName: "UK South", regionalDisplayName: "(UK) UK South" },
  { name: "centralus", displayName: "Central US", regionalDisplayName: "(US) Central US" },
  { name: "southafricanorth", displayName: "South Africa North", regionalDisplayName: "(Africa) South Africa North" },
  { name: "centralindia", displayName: "Central India", regionalDisplayName: "(Asia Pacific) Central India" },
  { name: "eastasia", displayName: "East Asia", regionalDisplayName: "(Asia Pacific) East Asia" },
  { name: "indonesiacentral", displayName: "Indonesia Central", regionalDisplayName: "(Asia Pacific) Indonesia Central" },
  { name: "japaneast", displayName: "Japan East", regionalDisplayName: "(Asia Pacific) Japan East" },
  { name: "japanwest", displayName: "Japan West", regionalDisplayName: "(Asia Pacific) Japan West" },
  { name: "koreacentral", displayName: "Korea Central", regionalDisplayName: "(Asia Pacific) Korea Central" },
  { name: "malaysiawest", displayName: "Malaysia West", regionalDisplayName: "(Asia Pacific) Malaysia West" },
  { name: "newzealandnorth", displayName: "New Zealand North", regionalDisplayName: "(Asia Pacific) New Zealand North" },
  { name: "canadacentral", displayName: "Canada Central", regionalDisplayName: "(Canada) Canada Central" },
  { name: "austriaeast", displayName: "Austria East", regionalDisplayName: "(Europe) Austria East" },
  { name: "belgiumcentral", displayName: "Belgium Central", regionalDisplayName: "(Europe) Belgium Central" },
  { name: "denmarkeast", displayName: "Denmark East", regionalDisplayName: "(Europe) Denmark East" },
  { name: "francecentral", displayName: "France Central", regionalDisplayName: "(Europe) France Central" },
  { name: "germanywestcentral", displayName: "Germany West Central", regionalDisplayName: "(Europe) Germany West Central" },
  { name: "italynorth", displayName: "Italy North", regionalDisplayName: "(Europe) Italy North" },
  { name: "norwayeast", displayName: "Norway East", regionalDisplayName: "(Europe) Norway East" },
  { name: "polandcentral", displayName: "Poland Central", regionalDisplayName: "(Europe) Poland Central" },
  { name: "spaincentral", displayName: "Spain Central", regionalDisplayName: "(Europe) Spain Central" },
  { name: "switzerlandnorth", displayName: "Switzerland North", regionalDisplayName: "(Europe) Switzerland North" },
  { name: "mexicocentral", displayName: "Mexico Central", regionalDisplayName: "(Mexico) Mexico Central" },
  { name: "uaenorth", displayName: "UAE North", regionalDisplayName: "(Middle East) UAE North" },
  { name: "brazilsouth", displayName: "Brazil South", regionalDisplayName: "(South America) Brazil South" },
  { name: "chilecentral", displayName: "Chile Central", regionalDisplayName: "(South America) Chile Central" },
  { name: "eastus2euap", displayName: "East US 2 EUAP", regionalDisplayName: "(US) East US 2 EUAP" },
  { name: "israelcentral", displayName: "Israel Central", regionalDisplayName: "(Middle East) Israel Central" },
  { name: "qatarcentral", displayName: "Qatar Central", regionalDisplayName: "(Middle East) Qatar Central" },
  { name: "eastus2", displayName: "East US 2", regionalDisplayName: "(US) East US 2" },
  { name: "southcentralus", displayName: "South Central US", regionalDisplayName: "(US) South Central US" },
  { name: "westus3", displayName: "West US 3", regionalDisplayName: "(US) West US 3" },
  { name: "northcentralus", displayName: "North Central US", regionalDisplayName: "(US) North Central US" },
  { name: "westus", displayName: "West US", regionalDisplayName: "(US) West US" },
  { name: "jioindiawest", displayName: "Jio India West", regionalDisplayName: "(Asia Pacific) Jio India West" },
  { name: "centraluseuap", displayName: "Central US EUAP", regionalDisplayName: "(US) Central US EUAP" },
  { name: "westcentralus", displayName: "West Central US", regionalDisplayName: "(US) West Central US" },
  { name: "southafricawest", displayName: "South Africa West", regionalDisplayName: "(Africa) South Africa West" },
  { name: "australiacentral", displayName: "Australia Central", regionalDisplayName: "(Asia Pacific) Australia Central" },
  { name: "australiacentral2", displayName: "Australia Central 2", regionalDisplayName: "(Asia Pacific) Australia Central 2" },
  { name: "australiasoutheast", displayName: "Australia Southeast", regionalDisplayName: "(Asia Pacific) Australia Southeast" },
  { name: "jioindiacentral", displayName: "Jio India Central", regionalDisplayName: "(Asia Pacific) Jio India Central" },
  { name: "koreasouth", displayName: "Korea South", regionalDisplayName: "(Asia Pacific) Korea South" },
  { name: "southindia", displayName: "South India", regionalDisplayName: "(Asia Pacific) South India" },
  { name: "westindia", displayName: "West India", regionalDisplayName: "(Asia Pacific) West India" },
  { name: "canadaeast", displayName: "Canada East", regionalDisplayName: "(Canada) Canada East" },
  { name: "francesouth", displayName: "France South", regionalDisplayName: "(Europe) France South" },
  { name: "germanynorth", displayName: "Germany North", regionalDisplayName: "(Europe) Germany North" },
  { name: "norwaywest", displayName: "Norway West", regionalDisplayName: "(Europe) Norway West" },
  { name: "switzerlandwest", displayName: "Switzerland West", regionalDisplayName: "(Europe) Switzerland West" },
  { name: "ukwest", displayName: "UK West", regionalDisplayName: "(UK) UK West" },
  { name: "uaecentral", displayName: "UAE Central", regionalDisplayName: "(Middle East) UAE Central" },
  { name: "brazilsoutheast", displayName: "Brazil Southeast", regionalDisplayName: "(South America) Brazil Southeast" },
];

/**
 * Where Microsoft.ContainerService/managedClusters is available, as SHORT lower-case names, in the
 * order ARM prints them. Real messages use short names, never display names:
 *   LocationNotAvailableForResourceType: "The provided location 'southcentralus' is not available
 *   for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for
 *   the resource type is 'eastus,westeurope,...'." (comma, no space; Azure/pcs-cli#409, Azure/AKS#5099)
 *   NoRegisteredProviderFound: "... The supported locations are 'australiacentral, australiacentral2,
 *   ...'." (comma + space; Azure/azure-cli#28368)
 * Base list: the 50 locations of that 2024 NoRegisteredProviderFound message for managedClusters
 * (no westindia). Its order is by display name ("South India" before "Southeast Asia"), with the
 * EUAP canary regions last; kept here. Added, in the same order: austriaeast, belgiumcentral,
 * chilecentral, denmarkeast, indonesiacentral, malaysiawest, mexicocentral, newzealandnorth,
 * spaincentral (regions opened 2024-2025; AKS availability there is an assumption, UNCONFIRMED).
 */
export const CONTAINER_SERVICE_LOCATIONS: readonly string[] = [
  "australiacentral",
  "australiacentral2",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "brazilsoutheast",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "chilecentral",
  "denmarkeast",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "francesouth",
  "germanynorth",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "jioindiacentral",
  "jioindiawest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "norwaywest",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southafricawest",
  "southcentralus",
  "southindia",
  "southeastasia",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "switzerlandwest",
  "uaecentral",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westus",
  "westus2",
  "westus3",
  "centraluseuap",
  "eastus2euap",
];

const BY_KEY: ReadonlyMap<string, string> = new Map(LOCATIONS.map((l) => [l.name, l.name]));

/**
 * The normalised short name of a physical location, or undefined if it is not one.
 * ARM accepts a location in any casing and with or without spaces ("East US", "eastus", "EastUS",
 * "east us" -> "eastus"; the ARM RPC requires providers to accept "west us"/"westus"/"West US",
 * Azure/azure-xplat-cli#2068) and resources echo the short name (`"location": "westus2"` in every
 * live AKS recording). The regional display form "(US) East US" is NOT accepted: ARM answers
 * LocationNotAvailableForResourceType for it (MicrosoftLearning/AZ-900T0x-MicrosoftAzureFundamentals#54).
 * Logical locations (e.g. "global") are not accepted here.
 */
export function normalizeLocation(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const key = input.replace(/\s+/g, "").toLowerCase();
  if (key === "") return undefined;
  return BY_KEY.get(key);
}

/** The display name of a short location name ("eastus" -> "East US"), if known. */
export function locationDisplayName(name: string): string | undefined {
  const key = name.replace(/\s+/g, "").toLowerCase();
  return LOCATIONS.find((l) => l.name === key)?.displayName;
}
