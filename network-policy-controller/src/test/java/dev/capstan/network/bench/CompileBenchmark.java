package dev.capstan.network.bench;

import static dev.capstan.network.testing.Intents.cidr;
import static dev.capstan.network.testing.Intents.egressTo;
import static dev.capstan.network.testing.Intents.fromNamespaces;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.sel;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.network.compile.Compilation;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the pure compile time of 100 NamespacePostures against 100 namespaces (the issue's
 * benchmark), in two shapes: each posture selecting its own namespace (every posture's selector is
 * still matched against every namespace: 10,000 selector checks), and every posture selecting all
 * 100 namespaces (10,000 posture × namespace compilations, each namespace an overlap of 100
 * postures). Not a test; run through src-test-e2e/bench/network-policy-benchmark.sh.
 */
public final class CompileBenchmark {

  private static final int POSTURES = 100;
  private static final int NAMESPACES = 100;

  public static void main(String[] args) {
    List<NamespaceInfo> namespaces = new ArrayList<>();
    for (int n = 0; n < NAMESPACES; n++) {
      namespaces.add(
          NamespaceInfo.of("ns-" + n, Map.of("team", "t" + n, "tier", n % 2 == 0 ? "a" : "b")));
    }
    // Where the default DNS target lives; no posture selects it.
    NamespaceInfo kubeSystem = NamespaceInfo.of("kube-system", Map.of());
    List<NamespaceInfo> withDns = new ArrayList<>(namespaces);
    withDns.add(kubeSystem);
    CompileContext context = CompileContext.of(withDns);
    List<NamespacePosture> disjoint = new ArrayList<>();
    List<NamespacePosture> overlapping = new ArrayList<>();
    for (int p = 0; p < POSTURES; p++) {
      disjoint.add(full(posture("own-" + p, sel("team", "t" + p))));
      overlapping.add(full(posture("all-" + p, sel("capstan.dev/bench", "x"))));
    }
    List<NamespaceInfo> labelled =
        new ArrayList<>(
            namespaces.stream()
                .map(ns -> NamespaceInfo.of(ns.name(), with(ns.labels(), "capstan.dev/bench", "x")))
                .toList());
    labelled.add(kubeSystem);
    CompileContext allSelected = CompileContext.of(labelled);

    run(
        "100 postures x 100 namespaces, each posture selecting its own namespace",
        disjoint,
        context);
    run(
        "100 postures x 100 namespaces, every posture selecting every namespace (100-fold overlap)",
        overlapping,
        allSelected);
  }

  /** Every concern of a posture: deny, DNS, same namespace, from namespaces, CIDRs, monitoring. */
  private static NamespacePosture full(NamespacePosture p) {
    fromNamespaces(p, sel("tier", "a"));
    egressTo(p, cidr("203.0.113.0/24", "203.0.113.128/25"), cidr("198.51.100.0/24"));
    return p;
  }

  private static void run(String what, List<NamespacePosture> postures, CompileContext context) {
    Map<String, Compilation> result = PostureCompiler.compile(postures, context);
    int policies = result.values().stream().mapToInt(c -> c.policies().size()).sum();
    int problems = result.values().stream().mapToInt(c -> c.problems().size()).sum();
    for (int i = 0; i < 10; i++) {
      PostureCompiler.compile(postures, context);
    }
    int rounds = 20;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      PostureCompiler.compile(postures, context);
    }
    double ms = (System.nanoTime() - start) / 1e6 / rounds;
    System.out.printf(
        "compile %s: %.1f ms per compile of all postures (%d policies, %d problems)%n",
        what, ms, policies, problems);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new java.util.LinkedHashMap<>(labels);
    all.put(key, value);
    return all;
  }
}
