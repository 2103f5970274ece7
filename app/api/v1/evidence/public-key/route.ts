import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { instanceSigningKey } from "@/lib/server/signing";

export const dynamic = "force-dynamic";

/** The key evidence packs are signed with (issue 15): an auditor pins it when verifying a pack. */
export const GET = route(endpoints.getEvidencePublicKey, () => Promise.resolve({ algorithm: "Ed25519" as const, format: "spki-der-base64" as const, publicKey: instanceSigningKey().publicKey }));
