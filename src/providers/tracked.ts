import { ArmError } from "../arm/errors.js";
import { LOCATIONS, normalizeLocation } from "../arm/locations.js";

/** Rules every tracked resource type of the Network and ManagedIdentity providers shares (ARM's, not a provider's own). */

/** The location of a regional resource: required, one of ARM's locations, answered in its short form. */
export function regionalLocation(raw: unknown, fullType: string, previous?: string): string {
  if (raw === undefined || raw === null || raw === "") {
    if (previous) return previous;
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
  }
  if (typeof raw !== "string") {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: property 'location' must be a string.", {
      target: "location",
    });
  }
  const location = normalizeLocation(raw);
  if (!location) {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${raw}' is not available for resource type '${fullType}'. List of available regions for the resource type is '${LOCATIONS.map((l) => l.name).join(",")}'.`,
      { target: "location" },
    );
  }
  if (previous && previous !== location) {
    throw new ArmError(
      400,
      "InvalidResourceLocation",
      `The resource already exists in location '${previous}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
      {
        target: "location",
      },
    );
  }
  return location;
}

/** ARM's 404 for a top-level resource that does not exist (the form Network and MSI answer). */
export function resourceNotFound(fullType: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${fullType}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}
