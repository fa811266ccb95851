import path from 'node:path';

/** Environment variables; a plain record so tests can pass their own. */
export type Env = Record<string, string | undefined>;

/** The one folder that holds all local state: embedded database, workflow world, generated secret. */
export function dataDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR?.trim() || '.data');
}

/** Where the local workflow world keeps its runs, steps and streams. */
export function workflowDataDir(env: Env = process.env): string {
  return path.join(dataDir(env), 'workflow');
}
