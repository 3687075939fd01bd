import { canTransition, transition, type AgreementStatusValue, type LifecycleAction } from './agreement-lifecycle';

const STATUSES: AgreementStatusValue[] = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'];
const LEGAL: Record<LifecycleAction, Partial<Record<AgreementStatusValue, string | null>>> = {
  amend: { ACTIVE: null, SUSPENDED: null },
  suspend: { ACTIVE: 'SUSPENDED' },
  resume: { SUSPENDED: 'ACTIVE' },
  revoke: { ACTIVE: 'REVOKED', SUSPENDED: 'REVOKED', EXPIRED: 'REVOKED' },
};

describe('agreement lifecycle', () => {
  for (const action of Object.keys(LEGAL) as LifecycleAction[]) {
    for (const from of STATUSES) {
      const legal = from in LEGAL[action];
      it(`${action} from ${from} is ${legal ? `legal (→ ${LEGAL[action][from] ?? 'unchanged'})` : 'BAD_USER_INPUT'}`, () => {
        expect(canTransition(action, from)).toBe(legal);
        if (legal) {
          expect(transition(action, from)).toBe(LEGAL[action][from]);
        } else {
          expect(() => transition(action, from)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
          expect(() => transition(action, from)).toThrow(`cannot ${action} an agreement that is ${from}`);
        }
      });
    }
  }
});
