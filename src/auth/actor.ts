import type { Role } from '../organizations/role';

/** Who is calling: resolved once per request from the bearer token. */
export interface Actor {
  readonly userId: string;
  readonly organizationId: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly tokenId: string;
  /** Public half of the token, safe to record; the secret never leaves the request. */
  readonly tokenSelector: string;
}
