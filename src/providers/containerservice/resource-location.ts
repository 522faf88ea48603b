import { ArmError } from "../../arm/errors.js";
import { CONTAINER_SERVICE_LOCATIONS, normalizeLocation } from "../../arm/locations.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";

/** The 400 of a location the provider does not serve, for one of its types (`type` below the namespace). */
function locationNotAvailable(raw: string, type: string, target?: string): ArmError {
  return new ArmError(
    400,
    "LocationNotAvailableForResourceType",
    `The provided location '${raw}' is not available for resource type 'Microsoft.ContainerService/${type}'. List of available regions for the resource type is '${CONTAINER_SERVICE_LOCATIONS.join(",")}'.`,
    target === undefined ? undefined : { target },
  );
}

/**
 * The location a per-location listing's path names (`locations/{location}/...`), normalized, after
 * the subscription check; a location AKS does not serve is refused as a cluster PUT there would be.
 */
export function servedPathLocation(params: Record<string, string>, type: string): string {
  assertSubscriptionId(params["subscriptionId"]!);
  const raw = params["location"]!;
  const location = normalizeLocation(raw);
  if (!location || !CONTAINER_SERVICE_LOCATIONS.includes(location)) throw locationNotAvailable(raw, type);
  return location;
}

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
  if (!location || !CONTAINER_SERVICE_LOCATIONS.includes(location)) throw locationNotAvailable(raw, type, "location");
  return location;
}
