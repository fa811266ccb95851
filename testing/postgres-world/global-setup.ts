import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildWorkflowTests } from '@workflow/vitest';
import type { TestProject } from 'vitest/node';
import { adminQuery, databaseUrl } from '../postgres-admin';

// Its own name per checkout, so two checkouts on one machine can run the suite at once.
const DATABASE = process.env.TEST_WORLD_DATABASE ?? 'workflow_world_test';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowPostgresUrl: string;
    workflowBundleDir: string;
  }
}

/** Builds the workflow bundles and gives the run a freshly bootstrapped Postgres world database. */
export default async function setup(project: TestProject) {
  const root = project.config.root;
  const outDir = path.join(root, '.workflow-vitest', 'postgres');
  await buildWorkflowTests({ cwd: root, outDir, dataDir: path.join(root, '.test-data', 'workflow-vitest') });

  await adminQuery(`drop database if exists ${DATABASE} with (force)`);
  await adminQuery(`create database ${DATABASE}`);
  const url = databaseUrl(DATABASE);
  // The world's own setup command, as an operator runs it.
  const bootstrap = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/@workflow/world-postgres/bin/setup.js')],
    { env: { ...process.env, WORKFLOW_POSTGRES_URL: url }, encoding: 'utf8' },
  );
  if (bootstrap.status !== 0) throw new Error(`world-postgres bootstrap failed:\n${bootstrap.stdout}\n${bootstrap.stderr}`);

  project.provide('workflowPostgresUrl', url);
  project.provide('workflowBundleDir', outDir);
}
