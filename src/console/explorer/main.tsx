// The GraphQL explorer: GraphiQL with the query-builder (explorer) plugin and the headers editor,
// bundled with the console so it works with no internet access (no CDN). It talks to /graphql on
// the same origin with the bearer token from the headers editor.
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';

// Same key as the console's session (src/console/auth/session.ts): a signed-in tab opens the
// explorer already authenticated. The token stays in this tab; it is never put in a URL.
const CONSOLE_TOKEN_KEY = 'parley.console.token';

function initialHeaders(): string {
  let token: string | null = null;
  try {
    token = sessionStorage.getItem(CONSOLE_TOKEN_KEY);
  } catch {
    // Storage can be unavailable (privacy settings); the user pastes a token instead.
  }
  return JSON.stringify({ Authorization: `Bearer ${token ?? '<paste your API token>'}` }, null, 2);
}

const DEFAULT_QUERY = `# Put your token in Headers below, then run with Ctrl-Enter.
{
  me {
    email
    roles
    organization { name }
  }
}
`;

const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', window.location.origin).toString() });
const plugins = [explorerPlugin()];

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={initialHeaders()}
      defaultEditorToolsVisibility="headers"
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
    />
  </StrictMode>,
);
