#!/usr/bin/env bash
# Every check and every test, all runners even when one fails; exits non-zero if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
pnpm exec turbo run lint check test --continue || status=1
pnpm run e2e || status=1
exit $status
