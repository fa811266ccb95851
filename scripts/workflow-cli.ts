// `npm run workflow -- <command>`: the Workflow SDK's CLI, pointed at this app's runs (the local
// world in DATA_DIR/workflow, or the world WORKFLOW_TARGET_WORLD names). Shortcuts:
// `npm run runs` (inspect runs), `npm run runs:steps -- -r <runId>`, `npm run runs:web`.
// Examples: `npm run workflow -- inspect events -r <runId>`, `npm run workflow -- cancel <runId>`.
import { spawnSync } from 'node:child_process';
import { workflowDataDir } from '@/lib/config';

const world = process.env.WORKFLOW_TARGET_WORLD || 'local';
const env = {
  ...process.env,
  WORKFLOW_TARGET_WORLD: world,
  ...(world === 'local' ? { WORKFLOW_LOCAL_DATA_DIR: process.env.WORKFLOW_LOCAL_DATA_DIR || workflowDataDir() } : {}),
};

const [command = 'inspect', ...rest] = process.argv.slice(2);
const extra = command === 'web' && !rest.includes('--noBrowser') ? ['--noBrowser'] : [];
const result = spawnSync('npx', ['workflow', command, ...rest, '--backend', world, ...extra], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
