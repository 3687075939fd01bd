/** Default token of every test server: the platform admin created at bootstrap. */
/** Fixed so that tests can name it; as random-looking as the configuration requires (≥ 32 characters). */
export const ADMIN_TOKEN = 'tst_Yq8Kd3Wm0Zr5Lp2Vx7Hn9Bc4Fj6Gs1Ta';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  status: number;
}

/** What the fixtures need of a server: GraphQL over HTTP, as a client sends it. */
export interface GqlClient {
  url: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
}

/** A GraphQL client for any Parley server: the in-process test app or a separate server process. */
export function graphqlClient(url: string, defaultToken: string | null = ADMIN_TOKEN): GqlClient {
  const gql = async <T,>(query: string, variables: Record<string, unknown> = {}, token: string | null = defaultToken): Promise<GqlResult<T>> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult<T>;
    return { ...body, status: res.status };
  };
  return { url, gql };
}
