import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The accessibility walk on its own (`npm run test:a11y`, after `npm run build`): first-run setup, then
 * every page and open state in both themes. Not yet in CI: it has not been run green against the
 * last round of page changes (docs/ui.md, "Accessibility checks").
 */
export default defineConfig({
  ...base,
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "a11y-walk", testMatch: /a11y-walk\.spec\.ts/, dependencies: ["first-run"] },
  ],
});
