// `npm run contract:check`: compares the workflow and step ids of the last `npm run build`
// (its manifest) with the committed contract, and fails naming what changed.
// `npm run contract:update`: rewrites the contract from the build, on purpose.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  compareContracts,
  CONTRACT_FILE,
  contractFromManifest,
  describeContractDiff,
  formatContract,
  MANIFEST_FILE,
  parseContract,
  type BuildManifest,
} from '@/lib/workflow-contract';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const mode = process.argv[2];
if (mode !== 'check' && mode !== 'update') fail('usage: tsx scripts/workflow-contract.ts check|update');
if (!existsSync(MANIFEST_FILE)) fail(`[contract] ${MANIFEST_FILE} is missing: run \`npm run build\` first.`);
const built = contractFromManifest(JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as BuildManifest);

if (mode === 'update') {
  writeFileSync(CONTRACT_FILE, formatContract(built));
  console.log(`[contract] wrote ${CONTRACT_FILE}: ${built.workflows.length} workflow(s), ${built.steps.length} steps, ${built.classes.length} classes`);
} else {
  if (!existsSync(CONTRACT_FILE)) fail(`[contract] ${CONTRACT_FILE} is missing: create it with \`npm run contract:update\` and commit it.`);
  const problem = describeContractDiff(compareContracts(parseContract(readFileSync(CONTRACT_FILE, 'utf8')), built));
  if (problem) fail(`[contract] ${problem}`);
  console.log(`[contract] the build serves exactly the ids in ${CONTRACT_FILE} (${built.workflows.length} workflow(s), ${built.steps.length} steps)`);
}
