import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { workflow } from '@workflow/vitest';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

// Every test process: no keys, no network, a fast demo model, state in a temp folder.
const env = {
  AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
  DEMO_MODEL_DELAY_MS: '0',
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'chat-test-')),
  AI_GATEWAY_API_KEY: '',
  OPENAI_COMPATIBLE_BASE_URL: '',
  CHAT_MODEL: '',
  NEXT_TELEMETRY_DISABLED: '1',
  // Tests sign many people in from one address; the demo people are seeded where a test asks.
  AUTH_RATE_LIMIT: 'off',
  SEED_DEMO_ACCOUNTS: '0',
};

const integration = ['**/*.integration.test.ts'];
// Tests that write the local world's files directly: the local world only.
const localWorldOnly = ['**/*.local-world.test.ts'];
const workflowOptions = { dataDir: '.test-data/workflow-vitest', outDir: '.workflow-vitest/local' };
// Its own bundle folder: the two workflow projects build at the same time.
export const postgresWorkflowOptions = { dataDir: '.test-data/workflow-vitest', outDir: '.workflow-vitest/postgres' };

export default defineConfig({
  resolve: { alias: { '@': root } },
  // node_modules is read by the workflow plugin's setup files from outside Vite's root allow-list.
  server: { fs: { strict: false } },
  test: {
    env,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    exclude: ['**/node_modules/**', 'e2e/**', '.next/**', '.workflow-vitest/**'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...integration, ...localWorldOnly, '**/node_modules/**', 'e2e/**'] },
      },
      {
        extends: true,
        plugins: [workflow(workflowOptions)],
        test: { name: 'workflow-local', include: [...integration, ...localWorldOnly], setupFiles: ['testing/step-retries-setup.ts'] },
      },
      {
        extends: true,
        // Only the directive transform: the Postgres world replaces the plugin's local-world setup.
        plugins: [workflow(postgresWorkflowOptions)[0]!],
        test: {
          name: 'workflow-postgres',
          include: integration,
          globalSetup: ['testing/postgres-world/global-setup.ts'],
          setupFiles: ['testing/step-retries-setup.ts', 'testing/postgres-world/setup-file.ts'],
          env: { ...env, WORKFLOW_TARGET_WORLD: '@workflow/world-postgres' },
        },
      },
    ],
  },
});
