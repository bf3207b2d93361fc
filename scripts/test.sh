#!/usr/bin/env bash
# Runs every test: `mvn -B verify` (unit, stage and end-to-end tests on the Direct and Flink
# runners, all against the simulator on 127.0.0.1). Installs what the tests need first when it
# is missing and this user may install it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IHLBENCH_ROOT"

# The report test renders report.html in headless Chromium. Install it when it is missing and
# this user can (root with apt-get); otherwise that test skips, or fails when CI is set.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
    && [[ -z "${IHLBENCH_CHROMIUM:-}" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium for the report test"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2
  else
    log "chromium is not installed and cannot be installed here: the report render test will"
    log "skip (or fail when CI is set); install it with: apt-get install -y chromium"
  fi
fi

commit="$(git rev-parse --short HEAD 2>/dev/null || true)"
exec mvn -B verify "-Dgit.commit=$commit" "$@"
