import { defineConfig, devices } from '@playwright/test';

/**
 * The whole stack, started fresh for the run: embedded PostgreSQL in a temporary folder
 * (migrations + demo data), the API with its worker, and the built web app. Mail goes to
 * the dev outbox. Browser: Debian's Chromium (see scripts/ensure-chromium.mjs).
 */
const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3200);
const API_PORT = Number(process.env.E2E_API_PORT ?? 3201);
const ORIGIN = `http://localhost:${WEB_PORT}`;

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/playwright.json' }]],
  use: {
    baseURL: ORIGIN,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
      testIgnore: /mobile/,
    },
    {
      name: 'phone',
      use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 740 }, isMobile: false, hasTouch: true },
      testMatch: /mobile/,
    },
  ],
  webServer: [
    {
      command: 'node e2e/start-api.mjs',
      url: `http://127.0.0.1:${API_PORT}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { API_PORT: String(API_PORT), ORIGIN, REQUIRE_2FA: 'false' },
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node ${process.env.WEB_BUILD_DIR ?? 'build'}/index.js`,
      url: `${ORIGIN}/connexion`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { PORT: String(WEB_PORT), ORIGIN, API_INTERNAL_URL: `http://127.0.0.1:${API_PORT}`, BODY_SIZE_LIMIT: '11M' },
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
