import { ArmError } from "../../arm/errors.js";

/** Name rules AKS enforces (docs/sources.md "Name rules"; learn.microsoft.com aks-naming-rules). */

const CLUSTER_NAME = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
const NAMING_RULES = "Please see https://aka.ms/aks-naming-rules for more details.";

export function assertClusterName(name: string): void {
  if (!CLUSTER_NAME.test(name)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter name is invalid. Error details: "${name}" managed cluster name must have 1 to 63 characters: letters, digits, '-' and '_', starting and ending with a letter or digit.. ${NAMING_RULES}`,
      { target: "name" },
    );
  }
  const upper = name.toUpperCase();
  if (upper.includes("MICROSOFT") || upper.includes("WINDOWS")) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter name is invalid. Error details: "${name}" managed cluster name is invalid because 'MICROSOFT' and 'WINDOWS' can't be used as either a whole word or a substring in the name.. ${NAMING_RULES}`,
      { target: "name" },
    );
  }
  if (upper.startsWith("LOGIN") || upper.startsWith("XBOX")) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter name is invalid. Error details: "${name}" managed cluster name is invalid because 'LOGIN' and 'XBOX' can't be used at the start of the name.. ${NAMING_RULES}`,
      { target: "name" },
    );
  }
}

const LINUX_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const WINDOWS_POOL_NAME = /^[a-z][a-z0-9]{0,5}$/;

export function assertAgentPoolName(name: unknown, osType: string, index: number): void {
  if (typeof name !== "string" || !(osType === "Windows" ? WINDOWS_POOL_NAME : LINUX_POOL_NAME).test(name)) {
    if (osType === "Windows" && typeof name === "string" && LINUX_POOL_NAME.test(name)) {
      throw new ArmError(400, "WindowsAgentPoolNameTooLong", `Windows agent pool name '${name}' can not be longer than 6 characters. ${NAMING_RULES}`, {
        target: `agentPoolProfiles[${index}].name`,
      });
    }
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter agentPoolProfile.name is invalid: '${String(name)}'. Agent pool names must start with a lower-case letter and have at most 12 lower-case letters and digits (6 for Windows). ${NAMING_RULES}`,
      { target: "agentPoolProfile.name" },
    );
  }
}

const DNS_PREFIX = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$/;

export function assertDnsPrefix(prefix: string): void {
  if (!DNS_PREFIX.test(prefix)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter dnsPrefix is invalid: '${prefix}'. It must have 1 to 54 characters: letters, digits and '-', starting and ending with a letter or digit.`,
      { target: "dnsPrefix" },
    );
  }
}
