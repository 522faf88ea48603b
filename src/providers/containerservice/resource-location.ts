import { ArmError } from "../../arm/errors.js";
import { CONTAINER_SERVICE_LOCATIONS, normalizeLocation } from "../../arm/locations.js";

/** A ContainerService resource's location: required on create (kept on update when left out), one of the provider's regions. */
export function containerServiceLocation(raw: unknown, type: string, previous: string | undefined): string {
  if (raw === undefined || raw === null || raw === "") {
    if (previous !== undefined) return previous;
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
  }
  if (typeof raw !== "string") {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: property 'location' must be a string.", {
      target: "location",
    });
  }
  const location = normalizeLocation(raw);
  if (!location || !CONTAINER_SERVICE_LOCATIONS.includes(location)) {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${raw}' is not available for resource type 'Microsoft.ContainerService/${type}'. List of available regions for the resource type is '${CONTAINER_SERVICE_LOCATIONS.join(",")}'.`,
      { target: "location" },
    );
  }
  return location;
}
