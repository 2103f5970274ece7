import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The accessibility walk on its own (`npm run test:a11y`, after `npm run build`): first-run setup, then
 * every page and open state in both themes (130 tests, ~9 min). Not in .ci/run, which it would take past
 * its 30-minute cap; run it before a release (docs/ui.md, "Accessibility checks").
 */
export default defineConfig({
  ...base,
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "a11y-walk", testMatch: /a11y-walk\.spec\.ts/, dependencies: ["first-run"] },
  ],
});
