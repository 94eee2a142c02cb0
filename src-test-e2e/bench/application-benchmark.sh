#!/usr/bin/env bash
# Prints the workload controller's throughput on the local control plane against the fabric8 direct-apply ceiling
# measured in the same run. Usage: src-test-e2e/bench/application-benchmark.sh [N ...]   (default: 100 1000)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
e2e=src-test-e2e/e2e
./mvnw -B -q -DskipTests -pl "$e2e" -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "$e2e/target/test-classes:$(cat "$e2e/target/bench.classpath")" \
  -Dcapstan.project.root="$root" dev.capstan.e2e.bench.ApplicationBenchmark "$@"
