/**
 * The workflow, step and class ids a build serves, as a contract with the runs in flight.
 *
 * A run's event log names every step it called by id (`step//./agents/chat-turn-steps//startTurn`,
 * `step//@workflow/ai@4.2.1//doStreamStep`). A deploy replays runs in flight on the new code (a
 * turn can wait 24 h for an approval); an id that is gone or spelled differently there makes the
 * replay throw `ReplayDivergenceError`. `next build` lists the ids in its manifest; the committed
 * contract lists the ones the last deliberate change agreed to, and CI compares the two.
 */

export const CONTRACT_FILE = 'agents/workflow-contract.json';
export const MANIFEST_FILE = 'app/.well-known/workflow/v1/manifest.json';

export interface WorkflowContract {
  workflows: string[];
  steps: string[];
  classes: string[];
}

/** The part of `next build`'s manifest the contract is made of (the rest is build-specific). */
export interface BuildManifest {
  workflows?: Record<string, Record<string, { workflowId: string }>>;
  steps?: Record<string, Record<string, { stepId: string }>>;
  classes?: Record<string, Record<string, { classId: string }>>;
}

type Kind = 'workflow' | 'step' | 'class';
const KINDS: { kind: Kind; key: keyof WorkflowContract }[] = [
  { kind: 'workflow', key: 'workflows' },
  { kind: 'step', key: 'steps' },
  { kind: 'class', key: 'classes' },
];

const sortedIds = <T>(entries: Record<string, Record<string, T>> | undefined, id: (entry: T) => string) =>
  [...new Set(Object.values(entries ?? {}).flatMap((byName) => Object.values(byName).map(id)))].sort();

export function contractFromManifest(manifest: BuildManifest): WorkflowContract {
  return {
    workflows: sortedIds(manifest.workflows, (w) => w.workflowId),
    steps: sortedIds(manifest.steps, (s) => s.stepId),
    classes: sortedIds(manifest.classes, (c) => c.classId),
  };
}

/** The contract file as JSON: the ids, and a note for whoever opens it. */
export function formatContract(contract: WorkflowContract): string {
  const note =
    'Workflow, step and class ids that runs in flight replay against. Checked after every build by ' +
    '`npm run contract:check`; rewrite only on purpose with `npm run contract:update` ' +
    '(see docs/runbook.md, "Deploying while turns are in flight").';
  return `${JSON.stringify({ $comment: note, ...contract }, null, 2)}\n`;
}

export function parseContract(json: string): WorkflowContract {
  const value = JSON.parse(json) as Partial<WorkflowContract>;
  return { workflows: value.workflows ?? [], steps: value.steps ?? [], classes: value.classes ?? [] };
}

interface Change {
  kind: Kind;
  id: string;
}

interface Rename {
  kind: Kind;
  from: string;
  to: string;
}

export interface ContractDiff {
  /** Ids gone from the build, paired with their new spelling when there is an obvious one. */
  renamed: Rename[];
  removed: Change[];
  added: Change[];
}

/** `step//./tools/get-order//executeGetOrder` → module `./tools/get-order`, name `executeGetOrder`. */
function partsOf(id: string): { module: string; name: string } {
  const [, module, ...name] = id.split('//');
  return name.length ? { module: module!, name: name.join('//') } : { module: '', name: id };
}

/** What the committed contract lists and the build lacks, and the other way round. */
export function compareContracts(committed: WorkflowContract, built: WorkflowContract): ContractDiff {
  const diff: ContractDiff = { renamed: [], removed: [], added: [] };
  for (const { kind, key } of KINDS) {
    const before = new Set(committed[key]);
    const after = new Set(built[key]);
    const removed = committed[key].filter((id) => !after.has(id));
    const added = built[key].filter((id) => !before.has(id));
    // A rename shows as one id removed and one added: pair them when the function kept its name
    // (moved to another module, or a package's version changed) or its module had exactly this
    // one change (renamed in place).
    for (const from of removed) {
      const { module, name } = partsOf(from);
      const sameName = added.filter((to) => partsOf(to).name === name);
      const sameModule = added.filter((to) => partsOf(to).module === module);
      const onlyChangeInModule = sameModule.length === 1 && removed.filter((id) => partsOf(id).module === module).length === 1;
      const to = sameName.length === 1 ? sameName[0] : onlyChangeInModule ? sameModule[0] : undefined;
      if (to) {
        diff.renamed.push({ kind, from, to });
        added.splice(added.indexOf(to), 1);
      } else {
        diff.removed.push({ kind, id: from });
      }
    }
    diff.added.push(...added.map((id) => ({ kind, id })));
  }
  return diff;
}

/** A sentence per problem for the CI log; undefined when the build matches the contract. */
export function describeContractDiff(diff: ContractDiff): string | undefined {
  const { renamed, removed, added } = diff;
  if (!renamed.length && !removed.length && !added.length) return undefined;
  const lines = [`The build's workflow ids differ from ${CONTRACT_FILE}.`];
  if (renamed.length) {
    lines.push('', 'Renamed or moved (a run in flight that called the old id fails to replay with ReplayDivergenceError):');
    for (const r of renamed) lines.push(`  ${r.kind} ${r.from}`, `    -> ${r.to}`);
  }
  if (removed.length) {
    lines.push('', 'Removed (a run in flight that called it fails to replay with ReplayDivergenceError):');
    for (const r of removed) lines.push(`  ${r.kind} ${r.id}`);
  }
  if (added.length) {
    lines.push('', 'Added (harmless to runs in flight, but the contract must list every id the build serves):');
    for (const a of added) lines.push(`  ${a.kind} ${a.id}`);
  }
  lines.push('');
  if (renamed.length || removed.length) {
    lines.push(
      'A turn in flight during the deploy that called these ids will fail (a turn can wait 24 h for an approval).',
      'Keep the old names if you can. If the change is meant, deploy it by draining or side by side',
      '(docs/runbook.md, "Deploying while turns are in flight"), then update the contract on purpose:',
    );
  } else {
    lines.push('Update the contract on purpose, so it stays exact:');
  }
  lines.push(`  npm run contract:update   # rewrites ${CONTRACT_FILE}; commit it with the change`);
  return lines.join('\n');
}
