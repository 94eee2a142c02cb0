package dev.capstan.network.bench;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Np.expression;
import static dev.capstan.network.testing.Np.from;
import static dev.capstan.network.testing.Np.ipBlock;
import static dev.capstan.network.testing.Np.labels;
import static dev.capstan.network.testing.Np.named;
import static dev.capstan.network.testing.Np.namespaces;
import static dev.capstan.network.testing.Np.namespacesAndPods;
import static dev.capstan.network.testing.Np.peers;
import static dev.capstan.network.testing.Np.pods;
import static dev.capstan.network.testing.Np.policy;
import static dev.capstan.network.testing.Np.port;
import static dev.capstan.network.testing.Np.range;
import static dev.capstan.network.testing.Np.to;

import dev.capstan.network.evaluation.ClusterSnapshot;
import dev.capstan.network.evaluation.ContainerPortInfo;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.evaluation.NetworkPolicyEvaluator;
import dev.capstan.network.evaluation.PodInfo;
import dev.capstan.network.evaluation.PortRef;
import dev.capstan.network.evaluation.ReachabilityMatrix;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prints evaluator timings for 1,000 pods in 100 namespaces under 500 policies (a mix of default
 * deny, namespace/pod selectors, AND peers, matchExpressions, ipBlocks, named ports, ranges and
 * egress rules). Not a test: timings depend on the machine. Run after {@code ./mvnw -B -o -pl
 * crds,network-policy-controller test-compile}:
 *
 * <pre>
 * ./mvnw -B -o -q -pl network-policy-controller dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/np-cp.txt
 * java -cp network-policy-controller/target/test-classes:network-policy-controller/target/classes:\
 * crds/target/classes:$(cat /tmp/np-cp.txt) dev.capstan.network.bench.EvaluatorBenchmark
 * </pre>
 */
public final class EvaluatorBenchmark {

  private static final int NAMESPACES = 100;
  private static final int PODS_PER_NAMESPACE = 10;
  private static final int POLICIES_PER_NAMESPACE = 5;

  public static void main(String[] args) {
    ClusterSnapshot snapshot = snapshot(new Random(42), NAMESPACES, PODS_PER_NAMESPACE);
    System.out.printf(
        "snapshot: %d namespaces, %d pods, %d policies%n",
        snapshot.namespaces().size(), snapshot.pods().size(), snapshot.policies().size());

    long t0 = System.nanoTime();
    NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(snapshot);
    long t1 = System.nanoTime();
    ReachabilityMatrix first = evaluator.matrix(PortRef.number(80), TCP);
    long firstAllowed = first.countAllowed();
    long t2 = System.nanoTime();
    System.out.printf("index policies and pods (cold JVM): %.1f ms%n", ms(t1 - t0));
    System.out.printf(
        "first all-pairs matrix TCP/80 incl. peer index and counting all 1,000,000 cells (cold"
            + " JVM): %.1f ms, %d allowed%n",
        ms(t2 - t1), firstAllowed);

    for (int i = 0; i < 20; i++) {
      new NetworkPolicyEvaluator(snapshot).matrix(PortRef.number(80 + i % 3), TCP).countAllowed();
    }
    int rounds = 10;
    long build = 0;
    long matrix = 0;
    long named = 0;
    long allowed = 0;
    for (int i = 0; i < rounds; i++) {
      long a = System.nanoTime();
      NetworkPolicyEvaluator e = new NetworkPolicyEvaluator(snapshot);
      long b = System.nanoTime();
      allowed = e.matrix(PortRef.number(80), TCP).countAllowed();
      long c = System.nanoTime();
      e.matrix(PortRef.name("metrics"), TCP).countAllowed();
      long d = System.nanoTime();
      build += b - a;
      matrix += c - b;
      named += d - c;
    }
    System.out.printf("warm, mean of %d:%n", rounds);
    System.out.printf("  index policies and pods: %.1f ms%n", ms(build / rounds));
    System.out.printf(
        "  all-pairs matrix TCP/80 on a fresh evaluator (peer index + matrix + count): %.1f ms,"
            + " %d allowed of 1,000,000%n",
        ms(matrix / rounds), allowed);
    System.out.printf(
        "  all-pairs matrix for named port 'metrics' on the same evaluator: %.1f ms%n",
        ms(named / rounds));

    List<PodInfo> pods = snapshot.pods();
    Random random = new Random(7);
    int queries = 200_000;
    int allowedQueries = 0;
    for (int i = 0; i < queries; i++) {
      allowedQueries += query(evaluator, pods, random) ? 1 : 0;
    }
    long q0 = System.nanoTime();
    for (int i = 0; i < queries; i++) {
      allowedQueries += query(evaluator, pods, random) ? 1 : 0;
    }
    long q1 = System.nanoTime();
    System.out.printf(
        "single explained query (evaluate, random pairs and ports): %.2f us mean over %d queries"
            + " (%d allowed)%n",
        (q1 - q0) / 1000.0 / queries, queries, allowedQueries);
  }

  private static boolean query(NetworkPolicyEvaluator e, List<PodInfo> pods, Random random) {
    PodInfo from = pods.get(random.nextInt(pods.size()));
    PodInfo to = pods.get(random.nextInt(pods.size()));
    return e.evaluate(
            from, to, PortRef.number(80 + random.nextInt(3)), random.nextBoolean() ? TCP : UDP)
        .allowed();
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  /**
   * A generated cluster: per namespace {@code podsPerNamespace} pods and 5 policies; a third of the
   * namespaces deny both directions, a third ingress only, a third isolate only their db pods.
   */
  public static ClusterSnapshot snapshot(Random random, int namespaceCount, int podsPerNamespace) {
    List<NamespaceInfo> namespaces = new ArrayList<>();
    List<PodInfo> pods = new ArrayList<>();
    List<NetworkPolicy> policies = new ArrayList<>();
    String[] apps = {"web", "api", "db", "cache", "worker"};
    for (int n = 0; n < namespaceCount; n++) {
      String ns = "ns" + n;
      namespaces.add(
          NamespaceInfo.of(ns, Map.of("team", "t" + n % 10, "env", n % 3 == 0 ? "prod" : "dev")));
      for (int p = 0; p < podsPerNamespace; p++) {
        String app = apps[p % apps.length];
        pods.add(
            PodInfo.of(
                ns,
                app + "-" + p,
                Map.of("app", app, "tier", p < 5 ? "front" : "back"),
                "10.244." + n + "." + (p + 1),
                List.of(
                    ContainerPortInfo.of("http", 80, TCP),
                    ContainerPortInfo.of("metrics", 9090 + p % 2, TCP),
                    ContainerPortInfo.of("dns", 53, UDP))));
      }
      for (int k = 0; k < POLICIES_PER_NAMESPACE; k++) {
        policies.add(generated(ns, n, k, namespaceCount, random));
      }
    }
    return ClusterSnapshot.of(namespaces, pods, policies);
  }

  private static NetworkPolicy generated(
      String ns, int n, int k, int namespaceCount, Random random) {
    String app = new String[] {"web", "api", "db", "cache", "worker"}[random.nextInt(5)];
    String team = "t" + random.nextInt(10);
    return switch (k) {
      case 0 ->
          switch (n % 3) {
            case 0 -> policy(ns, "default-deny").types("Ingress", "Egress").build();
            case 1 -> policy(ns, "default-deny").types("Ingress").build();
            default ->
                policy(ns, "isolate-db").select(labels("app", "db")).types("Ingress").build();
          };
      case 1 ->
          policy(ns, "allow-team")
              .types("Ingress")
              .ingress(
                  from(
                      peers(namespaces(labels("team", team)), pods(labels("app", "web"))),
                      port(TCP, 80),
                      named(TCP, "metrics")))
              .build();
      case 2 ->
          policy(ns, "allow-" + app)
              .select(labels("app", app))
              .types("Ingress")
              .ingress(
                  from(
                      peers(
                          namespacesAndPods(
                              expression("env", "In", "prod", "dev"),
                              expression("tier", "NotIn", "back"))),
                      range(TCP, 80, 90)))
              .build();
      case 3 ->
          policy(ns, "egress")
              .select(labels("tier", "back"))
              .types("Egress")
              .egress(
                  to(
                      peers(
                          namespaces(
                              labels(
                                  "kubernetes.io/metadata.name",
                                  "ns" + random.nextInt(namespaceCount)))),
                      port(UDP, 53),
                      port(TCP, 53),
                      port(TCP, 80)))
              .egress(to(peers(pods(labels("app", app))), named(TCP, "http")))
              .build();
      default ->
          policy(ns, "from-cidr")
              .select(labels("tier", "front"))
              .types("Ingress")
              .ingress(
                  from(
                      peers(
                          ipBlock(
                              "10.244." + random.nextInt(namespaceCount) + ".0/24",
                              "10.244.0.1/32")),
                      port(TCP, 80)))
              .build();
    };
  }
}
