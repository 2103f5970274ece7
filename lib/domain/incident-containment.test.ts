import { describe, expect, it } from "vitest";
import { containmentSteps, remediationSummary, rotationRemediation, type ContainmentFacts } from "./incident-containment";

const open: ContainmentFacts = { incidentStatus: "open", rotationState: null, secretStatus: "leaked", allowedSinceLeak: null };
const done = (f: ContainmentFacts) => containmentSteps(f).filter((s) => s.done).map((s) => s.id);

describe("[INCIDENTS] containment steps derived from the records", () => {
  it.each<[string, Partial<ContainmentFacts>, string[]]>([
    ["a fresh incident: nothing done, usage unknown", {}, []],
    ["the emergency rotation asked for", { rotationState: "requested" }, ["request-rotation"]],
    ["a rejected rotation must be asked for again", { rotationState: "rejected" }, []],
    ["a cancelled one too", { rotationState: "cancelled" }, []],
    ["approved", { rotationState: "approved" }, ["request-rotation", "approve-rotation"]],
    ["completed, old secret superseded (not revoked)", { rotationState: "completed", secretStatus: "superseded" }, ["request-rotation", "approve-rotation", "record-new-secret"]],
    ["completed with the old secret revoked", { rotationState: "completed", secretStatus: "revoked" }, ["request-rotation", "approve-rotation", "record-new-secret", "revoke-old-secret"]],
    ["evidence of no use since the leak", { allowedSinceLeak: 0 }, ["check-usage"]],
    ["use since the leak is for a person to check", { allowedSinceLeak: 12 }, []],
    ["remediated: the rotation steps and the audit review are closed", { incidentStatus: "remediated", secretStatus: "revoked", allowedSinceLeak: 3 }, ["request-rotation", "approve-rotation", "record-new-secret", "revoke-old-secret", "review-audit"]],
  ])("%s", (_name, facts, expected) => {
    expect(done({ ...open, ...facts })).toEqual(expected);
  });

  it("always lists every step in order", () => {
    expect(containmentSteps(open).map((s) => s.id)).toEqual(["request-rotation", "approve-rotation", "record-new-secret", "revoke-old-secret", "check-usage", "review-audit"]);
  });
});

describe("[INCIDENTS] what closed an incident, in words", () => {
  it("names the rotation instead of showing its id, and reads other texts as a sentence", () => {
    const id = "0b5e8a52-9a4e-4f7c-8a55-3c1d2f6e7a90";
    expect(remediationSummary(rotationRemediation(id))).toEqual({ text: "Secret rotated", rotationRequestId: id });
    expect(remediationSummary("credential decommissioned")).toEqual({ text: "Credential decommissioned", rotationRequestId: null });
    expect(remediationSummary("rotated (request not-an-id)")).toEqual({ text: "Rotated (request not-an-id)", rotationRequestId: null });
  });
});
