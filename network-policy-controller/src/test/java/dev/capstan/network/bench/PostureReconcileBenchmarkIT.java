package dev.capstan.network.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.metrics.ReconcileMetrics;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.posture.NamespacePostureReconciler;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what reconciling one NamespacePosture over 100 namespaces costs on the local control
 * plane: time until Ready with all 300 policies written, reconcile durations, API writes, the pure
 * compile time for the same input, an intent change (100 policies pruned, 200 rewritten) and a
 * no-op reconcile. Numbers are printed, not asserted (only correctness is). Run with {@code
 * -Dcapstan.it.excluded-groups=operator-process -Dit.test=PostureReconcileBenchmarkIT}.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("benchmark")
class PostureReconcileBenchmarkIT {

  private static final int NAMESPACES = 100;

  @Inject MeterRegistry meters;

  @Test
  void postureOverAHundredNamespaces() {
    KubernetesClient client = SharedCluster.get().newClient();
    String token = ClusterFixtures.unique();
    List<String> namespaces = new ArrayList<>();
    String posture = "bench-" + token;
    try {
      for (int i = 0; i < NAMESPACES; i++) {
        namespaces.add(
            ClusterFixtures.namespace(client, "bench-" + i, Map.of("capstan.dev/bench", token)));
      }
      pureCompile(namespaces, token);

      Sample create = sample(client);
      long start = System.nanoTime();
      client
          .resource(
              """
              apiVersion: network.capstan.dev/v1alpha1
              kind: NamespacePosture
              metadata: {name: %s}
              spec:
                namespaceSelector: {matchLabels: {capstan.dev/bench: "%s"}}
              """
                  .formatted(posture, token))
          .create();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> readyWith(client, posture, 3 * NAMESPACES));
      print("create: Ready with 300 policies", start, create, sample(client));

      Sample change = sample(client);
      start = System.nanoTime();
      client
          .resources(NamespacePosture.class)
          .withName(posture)
          .edit(
              p -> {
                p.getSpec().getDefaultDeny().setEgress(false);
                return p;
              });
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> readyWith(client, posture, 2 * NAMESPACES));
      print("intent change: 100 pruned, 200 rewritten", start, change, sample(client));

      Sample noOp = sample(client);
      start = System.nanoTime();
      ClusterFixtures.label(client, namespaces.get(0), "example.com/unrelated", token);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> reconcileTimer().count() > noOp.reconciles());
      print("no-op reconcile (unrelated namespace label)", start, noOp, sample(client));
      assertThat(sample(client).policyWrites()).isEqualTo(noOp.policyWrites());
    } finally {
      client.resources(NamespacePosture.class).withName(posture).delete();
      namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
      for (String ns : namespaces) {
        client
            .namespaces()
            .withName(ns)
            .waitUntilCondition((Namespace n) -> n == null, 5, TimeUnit.MINUTES);
      }
      client.close();
    }
  }

  private static void pureCompile(List<String> namespaces, String token) {
    List<NamespaceInfo> infos =
        namespaces.stream()
            .map(ns -> NamespaceInfo.of(ns, Map.of("capstan.dev/bench", token)))
            .toList();
    NamespacePosture posture =
        dev.capstan.network.testing.Intents.posture(
            "bench", dev.capstan.network.testing.Intents.sel("capstan.dev/bench", token));
    CompileContext context = CompileContext.of(infos);
    for (int i = 0; i < 50; i++) {
      PostureCompiler.compile(List.of(posture), context);
    }
    int runs = 200;
    long start = System.nanoTime();
    int policies = 0;
    for (int i = 0; i < runs; i++) {
      policies = PostureCompiler.compile(List.of(posture), context).get("bench").policies().size();
    }
    System.out.printf(
        "[bench] pure compile of one posture over %d namespaces: %d policies, %.3f ms%n",
        namespaces.size(), policies, (System.nanoTime() - start) / 1e6 / runs);
  }

  private boolean readyWith(KubernetesClient client, String name, int policies) {
    NamespacePosture p = client.resources(NamespacePosture.class).withName(name).get();
    return p != null
        && p.getStatus() != null
        && p.getStatus().getObservedGeneration().equals(p.getMetadata().getGeneration())
        && Conditions.isTrue(p.getStatus().getConditions(), Conditions.READY)
        && p.getStatus().getPolicyCount() == policies;
  }

  record Sample(long policyWrites, long reconciles, double reconcileSeconds, double maxSeconds) {}

  private Sample sample(KubernetesClient client) {
    Timer timer = reconcileTimer();
    return new Sample(
        ApiServerRequests.writes(client, "networkpolicies", ""),
        timer.count(),
        timer.totalTime(TimeUnit.SECONDS),
        timer.max(TimeUnit.SECONDS));
  }

  private Timer reconcileTimer() {
    return meters
        .find(ReconcileMetrics.RECONCILE_DURATION)
        .tag("controller", NamespacePostureReconciler.NAME)
        .tag("result", ReconcileMetrics.SUCCESS)
        .timers()
        .stream()
        .findFirst()
        .orElseGet(
            () ->
                Timer.builder(ReconcileMetrics.RECONCILE_DURATION + ".none")
                    .register(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  private static void print(String what, long startNanos, Sample before, Sample after) {
    long reconciles = after.reconciles() - before.reconciles();
    System.out.printf(
        "[bench] %s: %.0f ms wall, %d reconciles (mean %.1f ms, max so far %.1f ms), %d"
            + " NetworkPolicy writes%n",
        what,
        (System.nanoTime() - startNanos) / 1e6,
        reconciles,
        reconciles == 0
            ? 0.0
            : (after.reconcileSeconds() - before.reconcileSeconds()) * 1000 / reconciles,
        after.maxSeconds() * 1000,
        after.policyWrites() - before.policyWrites());
  }
}
