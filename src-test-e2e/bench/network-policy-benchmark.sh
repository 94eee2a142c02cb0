#!/usr/bin/env bash
# Prints the network-policy controller's benchmark (issue 6). Without a cluster: for 1,000 pods in 100 namespaces under
# 500 policies, the all-pairs reachability matrix time and the latency of one explained check (EvaluatorBenchmark), and
# the compile time of 100 NamespacePostures x 100 namespaces (CompileBenchmark). With --cluster, also on the local
# control plane (export the CAPSTAN_* cluster variables first to pick an isolated one): the packaged controller's RSS
# on a cluster of that size (ControllerFootprintBenchmarkIT) and one posture reconciled over 100 namespaces
# (PostureReconcileBenchmarkIT). Extra Maven flags come from MAVEN_ARGS (e.g. MAVEN_ARGS=-o).
# Usage: src-test-e2e/bench/network-policy-benchmark.sh [--cluster]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
module=network-policy-controller
modules=crds,operator-core,src-test-e2e/cluster-support,$module
./mvnw -B -q -DskipTests -pl "$modules" package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"

echo "== evaluator: 1,000 pods, 100 namespaces, 500 policies"
java -cp "$classpath" dev.capstan.network.bench.EvaluatorBenchmark
echo
echo "== compiler: 100 postures x 100 namespaces"
java -cp "$classpath" dev.capstan.network.bench.CompileBenchmark

if [ "${1:-}" = "--cluster" ]; then
  echo
  echo "== on the local control plane: controller RSS at that scale, one posture over 100 namespaces"
  # One JVM each: the @QuarkusTest operator of PostureReconcileBenchmarkIT would answer the footprint's intents too.
  for it in ControllerFootprintBenchmarkIT PostureReconcileBenchmarkIT; do
    ./mvnw -B -pl "$modules" verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfailsafe.failIfNoSpecifiedTests=false -Dcapstan.it.excluded-groups=operator-process \
      -Dit.test="$it" 2>&1 | grep -E '^\[bench\]|Tests run:|BUILD|ERROR' | grep -v 'Tests run: 0,'
  done
fi
