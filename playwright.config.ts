import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Browser tests drive Debian's Chromium against the production build (`next build` first).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const FAKE_OPENAI_PORT = Number(process.env.FAKE_OPENAI_PORT ?? 3199);
const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-e2e-'));

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // Root in a closed network: no sandbox, and no background calls home.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
};

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT ?? 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions } }],
  webServer: [
    {
      // A scripted OpenAI-compatible server, so the model picker and model failures can be tested offline.
      command: 'node node_modules/tsx/dist/cli.mjs testing/fake-openai-server-cli.ts',
      port: FAKE_OPENAI_PORT,
      reuseExistingServer: false,
      env: { FAKE_OPENAI_PORT: String(FAKE_OPENAI_PORT) },
    },
    {
      command: 'npm start',
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(PORT),
        DATA_DIR: dataDir,
        // Slow enough to reload in the middle of an answer.
        DEMO_MODEL_DELAY_MS: process.env.DEMO_MODEL_DELAY_MS ?? '40',
        OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${FAKE_OPENAI_PORT}/v1`,
        OPENAI_COMPATIBLE_MODEL: 'fake-model',
        NEXT_TELEMETRY_DISABLED: '1',
        // Every test signs in a guest or two from this one address.
        GUEST_SIGNUPS_PER_HOUR: '100000',
        // The chat and approval tests act alone, as guests approving their own requests; the
        // two-person flow with the real limits has its own server (e2e/people.spec.ts).
        GUEST_SELF_APPROVAL_LIMIT_CENTS: '100000',
      },
    },
  ],
});
