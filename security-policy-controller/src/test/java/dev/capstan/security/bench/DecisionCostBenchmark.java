package dev.capstan.security.bench;

import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.WebhookRequest;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.UseAuthorizer;
import dev.capstan.security.webhook.PodAdmission;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.UserInfoBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: what one admission decision costs in-process (no HTTP, no TLS), through the webhook
 * adapters, with 20 policies of which the pod's namespace is governed by all, the winning one last
 * in priority order (worst case: every policy is compiled, defaulted and validated). Run with
 * {@code java -cp <test classpath> dev.capstan.security.bench.DecisionCostBenchmark [iterations]}.
 */
public final class DecisionCostBenchmark {

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    List<PodSecurityPolicy> policies = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      // restricted-based policies the pod fails (it runs as root), in priority order before the
      // winner
      policies.add(
          Fixtures.policy(
              "restricted-" + i,
              "priority: "
                  + (100 - i)
                  + "\nbase: {level: restricted}\nallowPrivilegeEscalation: false\n"));
    }
    policies.add(Fixtures.permissive("baseline-last", "privileged: false\npriority: 1\n"));
    PodAdmission admission =
        new PodAdmission(() -> policies, ns -> Map.of("team", "a"), () -> UseAuthorizer.NONE);
    Pod pod =
        Fixtures.pod(
            "containers: [{name: app, image: app:1, securityContext: {runAsUser: 0}},"
                + " {name: sidecar, image: proxy:2}]");

    for (String phase : List.of("mutate", "validate")) {
      long[] nanos = new long[iterations];
      for (int i = -iterations / 4; i < iterations; i++) {
        WebhookRequest<Pod> request =
            WebhookRequest.of(Operation.CREATE, Fixtures.YAML.clone(pod), (Pod) null)
                .withNamespace("team-a")
                .withUserInfo(new UserInfoBuilder().withUsername("alice").build());
        long start = System.nanoTime();
        boolean allowed =
            phase.equals("mutate")
                ? admission.mutate(request).decision().allowed()
                : admission.validate(request).allowed();
        long took = System.nanoTime() - start;
        if (!allowed) {
          throw new IllegalStateException("the last policy admits the pod");
        }
        if (i >= 0) {
          nanos[i] = took;
        }
      }
      Arrays.sort(nanos);
      System.out.printf(
          "%-8s 20 policies: p50 %6.1f µs  p99 %6.1f µs  max %7.1f µs  (%d decisions)%n",
          phase,
          nanos[iterations / 2] / 1e3,
          nanos[(int) (iterations * 0.99)] / 1e3,
          nanos[iterations - 1] / 1e3,
          iterations);
    }
  }
}
