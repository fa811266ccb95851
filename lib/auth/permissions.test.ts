import { describe, expect, it } from 'vitest';
import { mayDecide, maySeeRequest, seesEveryRun, type Viewer } from './permissions';

const agent: Viewer = { userId: 'a', role: 'agent' };
const approver: Viewer = { userId: 'b', role: 'approver' };
const admin: Viewer = { userId: 'c', role: 'admin' };

describe('who may decide a request', () => {
  const within = (requesterId: string) => ({ requesterId, approversOnly: false });
  const above = (requesterId: string) => ({ requesterId, approversOnly: true });

  it('lets the requester decide within their limit, and only someone else above it', () => {
    expect(mayDecide(within('a'), agent).allowed).toBe(true);
    expect(mayDecide(above('a'), agent).allowed).toBe(false);
    expect(mayDecide(above('b'), approver).allowed).toBe(false); // an approver's own request, above their limit
    expect(mayDecide(above('a'), approver).allowed).toBe(true);
    expect(mayDecide(above('b'), admin).allowed).toBe(true);
  });

  it("keeps an agent out of other people's requests entirely", () => {
    expect(mayDecide(within('b'), agent)).toMatchObject({ allowed: false, reason: expect.stringMatching(/approver/) });
    expect(maySeeRequest(within('b'), agent)).toBe(false);
    expect(maySeeRequest(within('a'), approver)).toBe(true);
    expect(seesEveryRun(approver)).toBe(false);
    expect(seesEveryRun(admin)).toBe(true);
  });
});
