import { ArmError } from "../../arm/errors.js";

/**
 * State rules of a private endpoint connection as the provider (the cluster owner) changes it
 * (docs/sources.md "Private endpoint connections of a cluster", "Connection state changes"; general Private Link rules, AKS-specific enforcement
 * unconfirmed, docs/fidelity.md "Private endpoint connection transitions"):
 *   Pending  -> Approved | Rejected
 *   Approved -> Rejected
 *   Rejected is final ("Connections previously denied can't be approved. You must remove the
 *            connection and create a new one." manage-private-endpoint.md)
 *   Disconnected is what the endpoint side shows when the connection is gone; the provider
 *            cannot set it.
 * Setting the current status again is accepted (a description-only update).
 */

export const CONNECTION_STATUSES = ["Pending", "Approved", "Rejected", "Disconnected"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

// AKS names a parameter without the wire's `properties.` (docs/fidelity.md "Request body against the API definition").
const STATUS_TARGET = "privateLinkServiceConnectionState.status";

/** The status as the API spells it (case-insensitive input), or undefined for an unknown value. */
export function canonicalStatus(value: string): ConnectionStatus | undefined {
  return CONNECTION_STATUSES.find((s) => s.toLowerCase() === value.toLowerCase());
}

export type TransitionVerdict = { ok: true } | { ok: false; error: ArmError };

/** Whether the provider side may move a connection from `from` to `to`. */
export function checkTransition(from: ConnectionStatus, to: ConnectionStatus): TransitionVerdict {
  if (to === "Disconnected") {
    return {
      ok: false,
      error: new ArmError(
        400,
        "InvalidParameter",
        `The value of parameter privateLinkServiceConnectionState.status is invalid: 'Disconnected'. 'Disconnected' is the state of a connection whose private endpoint is gone; it cannot be set. Use 'Approved' or 'Rejected'.`,
        { target: STATUS_TARGET },
      ),
    };
  }
  if (from === to) return { ok: true };
  if (from === "Rejected") {
    // docs/fidelity.md "Re-approving a rejected connection": the wording other RPs use (Cosmos DB, I-PR86823) plus the doc's advice.
    return {
      ok: false,
      error: new ArmError(
        400,
        "BadRequest",
        `Approving rejected private endpoint connections is not supported. Connections previously denied can't be ${to === "Approved" ? "approved" : "set back to Pending"}: delete the private endpoint and create a new one.`,
        { target: STATUS_TARGET },
      ),
    };
  }
  if (from === "Disconnected") {
    return {
      ok: false,
      error: new ArmError(400, "BadRequest", `The private endpoint connection is Disconnected: its private endpoint is gone. Delete the connection.`, {
        target: STATUS_TARGET,
      }),
    };
  }
  if (to === "Pending") {
    return {
      ok: false,
      error: new ArmError(400, "BadRequest", `A private endpoint connection that is ${from} cannot be set back to Pending. Use 'Approved' or 'Rejected'.`, {
        target: STATUS_TARGET,
      }),
    };
  }
  // Pending -> Approved | Rejected, Approved -> Rejected.
  return { ok: true };
}

/** Parses the requested status: a string naming one of the four statuses, else 400 naming the property. */
export function parseRequestedStatus(value: unknown): ConnectionStatus {
  if (typeof value !== "string") {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter privateLinkServiceConnectionState.status is invalid: ${JSON.stringify(value) ?? "undefined"}. Use 'Approved' or 'Rejected'.`,
      {
        target: STATUS_TARGET,
      },
    );
  }
  const status = canonicalStatus(value);
  if (!status) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter privateLinkServiceConnectionState.status is invalid: '${value}'. Use 'Approved' or 'Rejected'.`,
      {
        target: STATUS_TARGET,
      },
    );
  }
  return status;
}
