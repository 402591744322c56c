#!/usr/bin/env bash
# The whole test suite, twice: on SQLite, then on PostgreSQL (a throwaway server started by .ci/start-postgres.sh,
# or the one named by TEST_PG_URL). Prints one closing line: "N passed, N failed".
# Extra arguments go to jest (e.g. `npm test -- apps/receiver`).
set -uo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
status=0

if [ -z "${TEST_PG_URL:-}" ]; then
  if ! TEST_PG_URL="$(bash .ci/start-postgres.sh 55432)"; then
    echo "Could not start PostgreSQL for the second pass. Install it (apt-get install postgresql) or set TEST_PG_URL;" >&2
    echo "to run the SQLite pass alone: npm run test:sqlite" >&2
    exit 1
  fi
fi
export TEST_PG_URL

echo "=== test suite on SQLite ==="
TEST_DB=sqlite npx jest --json --outputFile="$out/sqlite.json" "$@" || status=1
echo "=== test suite on PostgreSQL ($TEST_PG_URL) ==="
TEST_DB=postgres npx jest --json --outputFile="$out/postgres.json" "$@" || status=1

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, pending = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed += 1; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; pending += r.numPendingTests + r.numTodoTests;
  }
  if (pending) { console.log(`${pending} tests were skipped: not allowed`); failed += pending; }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
' "$out/sqlite.json" "$out/postgres.json" || status=1
rm -rf "$out"
exit $status
