#!/usr/bin/env bash
# Runs every test: `mvn -B verify` (unit, stage and end-to-end tests on the Direct and Flink
# runners, all against the simulator on 127.0.0.1). Installs what the tests need first when it
# is missing and this user may install it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IHLBENCH_ROOT"
commit="$(git rev-parse --short HEAD 2>/dev/null || true)"
exec mvn -B verify "-Dgit.commit=$commit" "$@"
