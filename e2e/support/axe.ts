import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.1 A/AA rules every page and open state is held to (issue 16 item 12). */
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe's serious and critical violations on the page as it is now, one line each with the offending
 * nodes; `within` limits the check to a part of the page (an open dialog, the main region).
 */
export async function seriousA11yViolations(page: Page, within?: string): Promise<string[]> {
  // Legacy mode runs axe once in the page. The default runs it per frame and then again in a new blank
  // page to merge the frames' results: twice the work per check, for frames the app does not have.
  const builder = new AxeBuilder({ page }).withTags(wcagTags).setLegacyMode();
  const results = await (within ? builder.include(within) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export async function expectNoSeriousA11yViolations(page: Page, where: string) {
  expect(await seriousA11yViolations(page), where).toEqual([]);
}
