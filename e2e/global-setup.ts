// Runs once the server is up (Playwright starts `webServer` before the global setup).
import type { FullConfig } from "@playwright/test";
import { demoAccounts } from "./fixtures/accounts";
import { dataDir } from "./fixtures/paths";
import { acceptTermsForDemoAccounts } from "./fixtures/terms";

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (baseURL) await acceptTermsForDemoAccounts(baseURL, demoAccounts(dataDir));
}
