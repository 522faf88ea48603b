import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ArmError } from "../../src/arm/errors.js";
import {
  canonicalStatus,
  checkTransition,
  CONNECTION_STATUSES,
  parseRequestedStatus,
  type ConnectionStatus,
} from "../../src/providers/containerservice/pec-transitions.js";
import { operationIdFromDnsToken } from "../../src/providers/network/network-lro.js";
import { contains, overlaps, parseCidr } from "../../src/util/cidr.js";

/** The provider-side state rules of private endpoint connections (pec-transitions.ts). */
describe("private endpoint connection transitions", () => {
  const allowed: [ConnectionStatus, ConnectionStatus][] = [
    ["Pending", "Approved"],
    ["Pending", "Rejected"],
    ["Approved", "Rejected"],
    // Setting the same status again is a description-only update.
    ["Pending", "Pending"],
    ["Approved", "Approved"],
    ["Rejected", "Rejected"],
  ];
  for (const [from, to] of allowed) {
    it(`${from} -> ${to} is allowed`, () => {
      assert.deepEqual(checkTransition(from, to), { ok: true });
    });
  }

  it("refuses every other move, with a 400 naming the status property", () => {
    const refused: string[] = [];
    for (const from of CONNECTION_STATUSES) {
      for (const to of CONNECTION_STATUSES) {
        if (allowed.some(([f, t]) => f === from && t === to)) continue;
        const v = checkTransition(from, to);
        assert.equal(v.ok, false, `${from} -> ${to}`);
        if (!v.ok) {
          assert.equal(v.error.status, 400);
          assert.equal(v.error.target, "privateLinkServiceConnectionState.status");
        }
        refused.push(`${from}->${to}`);
      }
    }
    assert.deepEqual(refused.sort(), [
      "Approved->Disconnected",
      "Approved->Pending",
      "Disconnected->Approved",
      "Disconnected->Disconnected",
      "Disconnected->Pending",
      "Disconnected->Rejected",
      "Pending->Disconnected",
      "Rejected->Approved",
      "Rejected->Disconnected",
      "Rejected->Pending",
    ]);
  });

  // docs/fidelity.md "Re-approving a rejected connection"
  it("answers re-approval of a Rejected connection as other private link providers do", () => {
    const v = checkTransition("Rejected", "Approved");
    assert.ok(!v.ok);
    assert.equal(v.error.code, "BadRequest");
    assert.match(v.error.message, /^Approving rejected private endpoint connections is not supported\./);
  });

  it("does not let the provider side set Disconnected", () => {
    const v = checkTransition("Approved", "Disconnected");
    assert.ok(!v.ok);
    assert.equal(v.error.code, "InvalidParameter");
  });

  it("parses statuses case-insensitively and refuses unknown values naming the property", () => {
    assert.equal(parseRequestedStatus("approved"), "Approved");
    assert.equal(canonicalStatus("REJECTED"), "Rejected");
    assert.equal(canonicalStatus("Approve"), undefined);
    for (const bad of ["Approve", "", 3, null, { status: "Approved" }]) {
      assert.throws(
        () => parseRequestedStatus(bad),
        (e: unknown) => e instanceof ArmError && e.status === 400 && e.code === "InvalidParameter" && e.target === "privateLinkServiceConnectionState.status",
      );
    }
  });
});

describe("network-side pure helpers", () => {
  it("reads the operation id back from a private DNS operation token, and nothing else", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const sub = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";
    const token = Buffer.from(`FrontEndAsyncOperation;UpsertPrivateDnsZone;${id}_${sub}`).toString("base64");
    assert.equal(operationIdFromDnsToken(token), id);
    assert.ok(!/[/+]/.test(token), "the token is safe in a URL path");
    assert.equal(operationIdFromDnsToken(Buffer.from("something else").toString("base64")), undefined);
    assert.equal(operationIdFromDnsToken("not base64 at all!"), undefined);
  });

  it("checks CIDR prefixes as Network does (host bits, containment, overlap)", () => {
    const vnet = parseCidr("10.1.0.0/16");
    const a = parseCidr("10.1.1.0/24");
    const b = parseCidr("10.1.1.128/25");
    const outside = parseCidr("10.9.0.0/24");
    assert.ok(vnet.kind === "ipv4" && a.kind === "ipv4" && b.kind === "ipv4" && outside.kind === "ipv4");
    assert.ok(contains(vnet.cidr, a.cidr));
    assert.ok(!contains(vnet.cidr, outside.cidr));
    assert.ok(overlaps(a.cidr, b.cidr));
    assert.ok(!overlaps(a.cidr, outside.cidr));
    const host = parseCidr("10.0.3.5/24");
    assert.ok(host.kind === "ipv4" && host.hostBitsSet);
    assert.equal(host.kind === "ipv4" ? host.canonical : "", "10.0.3.0/24");
    assert.equal(parseCidr("10.0.0.0/33").kind, "invalid");
    assert.equal(parseCidr("300.0.0.0/8").kind, "invalid");
    assert.equal(parseCidr("fd00::/64").kind, "ipv6");
  });
});
