#!/usr/bin/env bash
# Runs every test tier: unit tests (*Test), and integration tests (*IT) on the real local control plane, which the
# tests start (building the upstream binaries from Go modules on first use) and stop again. Extra arguments go to
# Maven, e.g. ./run-tests.sh -pl workload-controllers -am, or -DskipITs for the unit tier alone.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$root/scripts/prerequisites.sh"
cd "$root"
exec ./mvnw -B verify "$@"
