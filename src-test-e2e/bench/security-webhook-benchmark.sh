#!/usr/bin/env bash
# Prints the security webhooks' admission latency (p50/p99, req/s) at 1, 50 and 200 clients against an allow-all
# handler on the same server, measured in the same run. Usage: src-test-e2e/bench/security-webhook-benchmark.sh
# [seconds] [clients ...]   (default: 10 s, 1 50 200). BENCH_JAVA_OPTS adds JVM options, e.g.
# -Dbench.distinctDefaults=true for policies that each default the pod differently (the worst case).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
module=security-policy-controller
./mvnw -B -q -DskipTests -pl "$module" -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# shellcheck disable=SC2086 # options are split on purpose
exec java ${BENCH_JAVA_OPTS:-} -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
  dev.capstan.security.bench.WebhookLatencyBenchmark "$@"
