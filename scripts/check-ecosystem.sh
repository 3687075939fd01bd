#!/usr/bin/env bash
# GraphQL ecosystem checks against the emitted schema.graphql and a running server:
#   1. graphql-inspector's validator (scripts/validate-operations.mjs): the README's operations (test/ecosystem/fixtures/readme-operations)
#   2. the graphql-http server audit against a freshly started server: 0 errors
#   3. relay-compiler on a small Relay fixture (@connection, @refetchable, last/before)
# Needs `npm ci` and a build (`npm run build`); uses the embedded database in a scratch directory.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin
scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

echo "== README operations are current and valid (graphql-inspector validate)"
node scripts/readme-operations.mjs --write
git diff --exit-code --stat -- test/ecosystem/fixtures/readme-operations \
  || { echo "README operations changed: commit the regenerated fixture"; exit 1; }
node scripts/validate-operations.mjs schema.graphql test/ecosystem/fixtures/readme-operations/*.graphql

echo "== graphql-http server audit"
port="$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
token="ecosystem-check-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
PORT="$port" HOST=127.0.0.1 PARLEY_DATA_DIR="$scratch/data" PARLEY_BOOTSTRAP_TOKEN="$token" PARLEY_LOG_LEVEL=warn \
  DATABASE_URL="" node dist/src/main.js >"$scratch/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/readyz" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$scratch/server.log"; exit 1; }
  sleep 1
done
node scripts/graphql-http-audit.mjs "http://127.0.0.1:$port" "$token"

echo "== relay-compiler on the Relay fixture"
mkdir -p "$scratch/relay"
cp -r test/ecosystem/fixtures/relay/. "$scratch/relay/"
cp schema.graphql "$scratch/relay/schema.graphql"
(cd "$scratch/relay" && "$OLDPWD/$bin/relay-compiler")

echo "ecosystem checks: ok"
