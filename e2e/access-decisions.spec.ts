import { expect, test } from "@playwright/test";
import { admin, createUser, personOf, signInViaApi } from "./support/accounts";
import { post, unique } from "./support/inventory-api";

/**
 * Access decisions per API (DESIGN §4.5, issue 14): a member of team A asks for team B's API and
 * sees the grant pending (not access); a member of team B approves it from My queue; the Access
 * tab then shows the approver and the decision history.
 */
test("[ACCESS] a grant to another team's API waits for that team, which approves it from My queue", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const a = await createUser(adminContext.request, "member", unique("Alma Requester"));
  const b = await createUser(adminContext.request, "member", unique("Bea Approver"));
  const teamA = (await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Team A"), kind: "application", memberIds: [await personOf(adminContext.request, a.email)] })).id;
  const teamB = (await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Team B"), kind: "application", memberIds: [await personOf(adminContext.request, b.email)] })).id;
  const api = await post<{ id: string; name: string; scopes: { id: string; name: string }[] }>(adminContext.request, "/api/v1/apis", {
    name: unique("Ledger API"),
    audience: `https://${unique("ledger")}.example.test`,
    trustZone: "internal",
    sensitivity: "critical",
    owningTeamId: teamB,
    scopes: [{ name: "ledger.read", privilege: "read" }],
  });

  // Team A's member: a credential of their team, then a request for team B's API.
  const contextA = await browser.newContext();
  await signInViaApi(contextA, a.email, a.password);
  const credential = await post<{ id: string; name: string }>(contextA.request, "/api/v1/credentials", { name: unique("Settlement client"), environment: "production", owningTeamId: teamA });
  const requested = await post<{ id: string; status: string }>(contextA.request, `/api/v1/credentials/${credential.id}/grants`, { apiId: api.id, scopeIds: [api.scopes[0]?.id], justification: "reads settlement balances" });
  expect(requested.status).toBe("requested");

  const pageA = await contextA.newPage();
  await pageA.goto(`/inventory/${credential.id}?tab=access`);
  const rowA = pageA.getByTestId("grant-decision-row").filter({ hasText: api.name });
  await expect(rowA.getByText("Pending approval")).toBeVisible();
  await expect(rowA.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(pageA.getByText("pending approval — not access yet")).toBeVisible();

  // Team B's member decides from My queue.
  const contextB = await browser.newContext();
  await signInViaApi(contextB, b.email, b.password);
  const pageB = await contextB.newPage();
  await pageB.goto("/queue");
  const item = pageB.getByRole("region", { name: /API access waiting for my decision/ }).getByTestId("queue-grant-request").filter({ hasText: credential.name });
  await expect(item).toBeVisible();
  await item.getByLabel(/Reason/).fill("settlement needs it");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(pageB.getByTestId("queue-grant-request").filter({ hasText: credential.name })).toHaveCount(0);

  // The Access tab: approved, by B, with its re-review date and history.
  await pageA.reload();
  const approved = pageA.getByTestId("grant-decision-row").filter({ hasText: api.name });
  await expect(approved.getByText("Approved")).toBeVisible();
  await expect(approved.getByText(b.name)).toBeVisible();
  const history = pageA.getByTestId("grant-history-row");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText("Approved");
  await expect(history.nth(0)).toContainText("settlement needs it");
  await expect(history.nth(1)).toContainText("Requested");
  await expect(history.nth(1)).toContainText(a.name);
  // The request's own reason shows on its "Requested" row.
  await expect(history.nth(1)).toContainText("reads settlement balances");

  // On a phone (390 px) the decisions stay inside their card: nothing sticks out past the page.
  await pageA.setViewportSize({ width: 390, height: 844 });
  await pageA.reload();
  const phoneCard = pageA.getByTestId("grant-decision-card").filter({ hasText: api.name });
  const revoke = phoneCard.getByRole("button", { name: /^Revoke/ });
  await expect(revoke).toBeVisible();
  expect(await pageA.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const card = await phoneCard.boundingBox();
  const button = await revoke.boundingBox();
  expect(card && button && button.x + button.width <= card.x + card.width).toBe(true);

  // Revoking is a destructive action: it asks first; cancelling returns focus to the button.
  await revoke.click();
  const dialog = pageA.getByRole("dialog", { name: `Revoke access to ${api.name}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(revoke).toBeFocused();
  await expect(phoneCard.getByText("Approved")).toBeVisible();
  await revoke.click();
  await dialog.getByRole("button", { name: "Revoke access" }).click();
  await expect(pageA.getByTestId("grant-decision-card").filter({ hasText: api.name }).getByText("Revoked")).toBeVisible();

  for (const c of [adminContext, contextA, contextB]) await c.close();
});
