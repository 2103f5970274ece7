import { expect, test } from "@playwright/test";
import { admin, originHeaders, signInViaApi } from "./support/accounts";
import { memberWithTeam, seedCredential } from "./support/inventory-api";

test("[INVENTORY] a member cannot edit another team's credential, but can edit their own team's", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const { member, team: myTeam } = await memberWithTeam(adminContext.request, "Member team");
  const mine = await seedCredential(adminContext.request, { teamId: myTeam.id });
  const theirs = await seedCredential(adminContext.request);

  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);

  const denied = await context.request.patch(`/api/v1/credentials/${theirs.credential.id}`, { data: { description: "mine now" }, headers: originHeaders() });
  expect(denied.status()).toBe(403);
  const allowed = await context.request.patch(`/api/v1/credentials/${mine.credential.id}`, { data: { description: "rotated by the team" }, headers: originHeaders() });
  expect(allowed.status()).toBe(200);
  // Not even by moving it: a member cannot hand a credential to a team they are not in.
  const moved = await context.request.patch(`/api/v1/credentials/${mine.credential.id}`, { data: { owningTeamId: theirs.teamId }, headers: originHeaders() });
  expect(moved.status()).toBe(403);

  const page = await context.newPage();
  await page.goto(`/inventory/${theirs.credential.id}`);
  await expect(page.getByRole("heading", { name: theirs.credential.name })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
  expect((await page.goto(`/inventory/${theirs.credential.id}/edit`))?.status()).toBe(403);
  await page.goto(`/inventory/${mine.credential.id}`);
  await expect(page.getByRole("link", { name: /^Edit/ })).toBeVisible();

  const denials = (await (await adminContext.request.get(`/api/v1/audit-events?action=authz.denied&actorId=${member.id}`)).json()) as { items: { payload: { path?: string } }[] };
  expect(denials.items.some((e) => e.payload.path === `/api/v1/credentials/${theirs.credential.id}`)).toBe(true);
  await context.close();
  await adminContext.close();
});
