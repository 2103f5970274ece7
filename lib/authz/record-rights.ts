/**
 * Record-level cells of the authorization matrix (DESIGN §2): what a `member` gets on a record of
 * their own (their team's credential, API or application, a credential they own, their own token,
 * feed or message) and on someone else's (another team's record, another user's token). Members
 * read everything except the audit log and others' API tokens, so reads answer 200 either way;
 * writes follow ownership; someone else's personal records are 404 (their existence is not the
 * member's to know). The other roles' cells are the role table (lib/authz/permissions): security
 * and admin may do these to any record, auditors none of the writes.
 *
 * A unit test checks every endpoint and page that takes a record id has a row here, and
 * e2e/authorization-records.spec.ts checks every cell over HTTP with real records.
 */
export type RecordOutcome = "allow" | "forbidden" | "not-found";
export type RecordCells = { own: RecordOutcome; others: RecordOutcome };

const read: RecordCells = { own: "allow", others: "allow" };
const owned: RecordCells = { own: "allow", others: "forbidden" };
const personal: RecordCells = { own: "allow", others: "not-found" };
const governorsOnly: RecordCells = { own: "forbidden", others: "forbidden" };

/** By key of `endpoints` (lib/api/endpoints). */
export const recordEndpointCells = {
  getUser: governorsOnly,
  updateUser: governorsOnly,
  reissueInvite: governorsOnly,
  signOutUserEverywhere: governorsOnly,
  getPerson: read,
  updatePerson: governorsOnly,
  getHoldings: read,
  reassignOwnership: governorsOnly,
  getTeam: read,
  updateTeam: governorsOnly,
  getTeamHolders: read,
  getServer: read,
  updateServer: governorsOnly,
  getApi: read,
  updateApi: owned,
  getApplication: read,
  updateApplication: owned,
  getCredential: read,
  updateCredential: owned,
  addSecret: owned,
  updateSecret: owned,
  listCredentialReviews: read,
  recordReview: owned,
  decommissionCredential: owned,
  createRotationRequest: owned,
  reportLeak: owned,
  listCredentialFindings: read,
  getCredentialControls: read,
  listCredentialGrants: read,
  requestGrant: owned,
  /** Own = a request for an API the member's team owns (made by someone else); others' APIs are theirs to decide. */
  approveGrant: owned,
  rejectGrant: owned,
  /** Own = the member's team's credential (or API); neither: refused. */
  revokeGrant: owned,
  reviewGrant: owned,
  getPolicy: read,
  updatePolicy: governorsOnly,
  getRotationRequest: read,
  approveRotationRequest: owned,
  rejectRotationRequest: owned,
  /** Own = one the member requested; others' requests only security or an admin may cancel. */
  cancelRotationRequest: owned,
  completeRotationRequest: owned,
  getIncident: read,
  getCampaign: read,
  listCampaignTasks: read,
  exportCampaign: read,
  closeCampaign: governorsOnly,
  markInboxRead: personal,
  updateWebhook: governorsOnly,
  retryDelivery: governorsOnly,
  /** Someone else's feed: refused, as the service says why (the feed's owner or an admin). */
  revokeCalendarFeed: owned,
  revokeMyApiToken: personal,
  revokeApiToken: governorsOnly,
  revokeException: governorsOnly,
} as const satisfies Record<string, RecordCells>;

/** Path parameters that name no record (an enum, a job name, a secret token, a published catalog): no record cells. */
export const nonRecordParams = ["format", "framework", "control", "name", "token", "catalog"] as const;

/** By page route (lib/authz/pages). */
export const recordPageCells = {
  "/people/[id]": read,
  "/people/[id]/reassign": governorsOnly,
  "/teams/[id]": read,
  "/settings/users/[id]": governorsOnly,
  "/inventory/[id]": read,
  "/inventory/[id]/edit": owned,
  "/servers/[id]": read,
  "/apis/[id]": read,
  "/applications/[id]": read,
  "/policies/[id]": read,
  "/rotations/[id]": read,
  "/reviews/campaigns/[id]": read,
  "/incidents/[id]": read,
  "/findings/[id]": read,
} as const satisfies Record<string, RecordCells>;

export const statusOf: Record<RecordOutcome, readonly number[]> = { allow: [200, 201], forbidden: [403], "not-found": [404] };
