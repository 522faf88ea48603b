import { ArmError } from "../../arm/errors.js";

/**
 * What the maintenance configuration type needs at every request (names, answers per api-version),
 * apart from the body rules (maintenance-rules.ts), which load with the first PUT.
 */

type Obj = Record<string, unknown>;

/** The only configuration names AKS accepts, in their canonical spelling. */
export const MAINTENANCE_CONFIGURATION_NAMES = ["default", "aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"] as const;

export type MaintenanceConfigurationName = (typeof MAINTENANCE_CONFIGURATION_NAMES)[number];

/**
 * The status of a successful PUT, create and update alike: the recorded create of `default` answered
 * 200 (docs/fidelity.md "Maintenance configuration answers"); Python 21.1.0 (2022-11-01) accepts
 * nothing else from create_or_update.
 */
export const MAINTENANCE_CONFIGURATION_PUT_STATUS = 200;

/**
 * The canonical spelling of a configuration name, or the refusal real AKS answers (ARO-HCP#3260;
 * no target there). Any letter case is accepted: docs/fidelity.md "Maintenance configuration names".
 */
export function canonicalMaintenanceConfigName(name: string): MaintenanceConfigurationName {
  const found = MAINTENANCE_CONFIGURATION_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new ArmError(
    400,
    "InvalidParameter",
    "Only 'default', 'aksManagedAutoUpgradeSchedule' and 'aksManagedNodeOSUpgradeSchedule' are allowed configNames for maintenance configuration.",
  );
}

/**
 * Whether an api-version defines `maintenanceWindow`: stable versions from 2023-05-01
 * (https://github.com/Azure/azure-cli/pull/33431: "The AKS RP API (since 2023-05-01) also supports the
 * maintenanceWindow format"; 2023-04-01 lacks it, https://github.com/pulumi/pulumi-azure-native/issues/3307),
 * previews from 2022-10-02-preview (azure-mgmt-containerservice 21.1.0 has the model in v2022_10_02_preview
 * and not in v2022_09_02_preview). 2022-11-01 (Python 21.1.0, az 2.45) does not.
 */
export function apiVersionHasMaintenanceWindow(apiVersion: string): boolean {
  const date = apiVersion.slice(0, 10);
  return apiVersion.endsWith("-preview") ? date >= "2022-10-02" : date >= "2023-05-01";
}

/**
 * The properties as an api-version can express them: without `maintenanceWindow` before it existed
 * (an aksManaged* configuration then shows empty properties, as an older client showed one in
 * https://github.com/MicrosoftDocs/azure-docs/issues/108655). Returns a copy.
 */
export function maintenancePropertiesForApiVersion(properties: Obj, apiVersion: string): Obj {
  const out: Obj = { ...properties };
  if (!apiVersionHasMaintenanceWindow(apiVersion)) delete out["maintenanceWindow"];
  return out;
}
