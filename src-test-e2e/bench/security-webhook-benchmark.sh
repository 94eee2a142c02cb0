#!/usr/bin/env bash
# Prints the security webhooks' admission latency (p50/p99, req/s) at 1, 50 and 200 clients against an allow-all
# handler on the same server, measured in the same run. Usage: src-test-e2e/bench/security-webhook-benchmark.sh
# [seconds] [clients ...]   (default: 10 s, 1 50 200)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
module=security-policy-controller
./mvnw -B -q -DskipTests -pl "$module" -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
  dev.capstan.security.bench.WebhookLatencyBenchmark "$@"
