import { describe, expect, it } from 'vitest';
import { compareContracts, contractFromManifest, describeContractDiff, formatContract, parseContract, type WorkflowContract } from './workflow-contract';

// What CI says after `npm run build` when the build's ids differ from the committed contract.

const committed: WorkflowContract = {
  workflows: ['workflow//./agents/chat-turn//chatTurn'],
  steps: [
    'step//./agents/chat-turn-steps//completeTurn',
    'step//./agents/chat-turn-steps//startTurn',
    'step//./tools/get-order//executeGetOrder',
    'step//@workflow/ai@4.2.1//doStreamStep',
  ],
  classes: [],
};

const check = (built: WorkflowContract) => describeContractDiff(compareContracts(committed, built));
const withSteps = (steps: string[]): WorkflowContract => ({ ...committed, steps: [...steps].sort() });

describe('the workflow contract check', () => {
  it('passes when the build serves exactly the committed ids', () => {
    expect(check({ ...committed, steps: [...committed.steps].reverse() })).toBeUndefined();
  });

  it('fails on a removed step id, naming it and what it breaks', () => {
    const message = check(withSteps(committed.steps.filter((id) => !id.includes('executeGetOrder'))));
    expect(message).toContain('Removed (a run in flight that called it fails to replay with ReplayDivergenceError):');
    expect(message).toContain('  step step//./tools/get-order//executeGetOrder');
    expect(message).toContain('docs/runbook.md, "Deploying while turns are in flight"');
    expect(message).toContain('npm run contract:update');
  });

  it('names a renamed step function and a package upgrade as renames, old id and new', () => {
    const message = check(
      withSteps([
        'step//./agents/chat-turn-steps//completeTurn',
        'step//./agents/chat-turn-steps//beginTurn', // startTurn renamed in place
        'step//./tools/get-order//executeGetOrder',
        'step//@workflow/ai@4.3.0//doStreamStep', // @workflow/ai upgraded
      ]),
    );
    expect(message).toContain('Renamed or moved');
    expect(message).toContain('  step step//./agents/chat-turn-steps//startTurn\n    -> step//./agents/chat-turn-steps//beginTurn');
    expect(message).toContain('  step step//@workflow/ai@4.2.1//doStreamStep\n    -> step//@workflow/ai@4.3.0//doStreamStep');
    expect(message).not.toContain('Removed');
    expect(message).not.toContain('Added');
  });

  it('names a renamed workflow', () => {
    const message = check({ ...committed, workflows: ['workflow//./agents/turn//chatTurn'] });
    expect(message).toContain('  workflow workflow//./agents/chat-turn//chatTurn\n    -> workflow//./agents/turn//chatTurn');
  });

  it('fails on an added step id too, asking for a deliberate update of the contract', () => {
    const message = check(withSteps([...committed.steps, 'step//./tools/track-parcel//trackParcel']));
    expect(message).toContain('Added (harmless to runs in flight, but the contract must list every id the build serves):');
    expect(message).toContain('  step step//./tools/track-parcel//trackParcel');
    expect(message).toContain('Update the contract on purpose, so it stays exact:');
    expect(message).not.toContain('will fail');
  });
});

describe('the contract file', () => {
  it('holds the sorted ids of the manifest and nothing build-specific, and reads back the same', () => {
    const contract = contractFromManifest({
      steps: {
        'tools/get-order.ts': { executeGetOrder: { stepId: 'step//./tools/get-order//executeGetOrder' } },
        'agents/chat-turn-steps.ts': {
          startTurn: { stepId: 'step//./agents/chat-turn-steps//startTurn' },
          completeTurn: { stepId: 'step//./agents/chat-turn-steps//completeTurn' },
        },
      },
      workflows: {
        'agents/chat-turn.ts': { chatTurn: { workflowId: 'workflow//./agents/chat-turn//chatTurn', graph: { nodes: [1], edges: [] } } as never },
      },
      classes: {},
    });
    expect(contract).toEqual({
      workflows: ['workflow//./agents/chat-turn//chatTurn'],
      steps: [
        'step//./agents/chat-turn-steps//completeTurn',
        'step//./agents/chat-turn-steps//startTurn',
        'step//./tools/get-order//executeGetOrder',
      ],
      classes: [],
    });
    expect(formatContract(contract)).not.toContain('graph');
    expect(parseContract(formatContract(contract))).toEqual(contract);
  });
});
