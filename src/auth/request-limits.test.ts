import { RateLimitedError } from '../errors/errors';
import { RequestLimits } from './request-limits';

const limits = () =>
  new RequestLimits({ points: 2, windowSeconds: 60, organizationPoints: 10, addressPoints: 10, authFailurePoints: 1, tokenIssuesPerHour: 1 });

describe('RequestLimits', () => {
  it('counts per user and refuses past the window points', async () => {
    const l = limits();
    await l.consumeOperation('u1', 'o1');
    await l.consumeOperation('u1', 'o1');
    await expect(l.consumeOperation('u1', 'o1')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(l.consumeOperation('u2', 'o1')).resolves.toBeUndefined();
  });

  it('close drops every counter, so no timer keeps a closed app reachable', async () => {
    const l = limits();
    await l.admitAddress('127.0.0.1', true);
    await l.authenticationFailed('127.0.0.1');
    await l.consumeOperation('u1', 'o1');
    await l.consumeAnonymous('127.0.0.2');
    await l.consumeTokenIssue('u1');
    expect(l.size).toBe(6);
    l.close();
    expect(l.size).toBe(0);
    // What was counted before is forgotten: the token issue limit (1 per hour) admits again.
    await expect(l.consumeTokenIssue('u1')).resolves.toBeUndefined();
  });
});
