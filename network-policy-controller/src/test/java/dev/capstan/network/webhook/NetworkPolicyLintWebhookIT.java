package dev.capstan.network.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The network controller, started by Quarkus in this JVM, serves its lint webhook over TLS with a
 * self-managed certificate, and the real kube-apiserver calls it: a fabric8 client creating a risky
 * NetworkPolicy in a namespace a posture selects gets the lint findings as {@code Warning} headers
 * (captured by an interceptor; fabric8 itself only logs them), the object is stored all the same,
 * and a clean policy, or one in a namespace no posture selects, gets no warning.
 */
@QuarkusTest
@QuarkusTestResource(NetworkWebhookClusterResource.class)
@Tag("cluster")
class NetworkPolicyLintWebhookIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String SELECT = "capstan.dev/lint-webhook-it";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static KubernetesClient admin;
  private static KubernetesClient client;
  private static final List<String> warnings = new CopyOnWriteArrayList<>();
  private static final List<String> namespaces = new ArrayList<>();
  private static final List<String> postures = new ArrayList<>();

  /** Records the Warning headers of every response. */
  static final class WarningCapture implements Interceptor {
    @Override
    public void after(
        HttpRequest request,
        HttpResponse<?> response,
        AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      warnings.addAll(response.headers("Warning"));
    }
  }

  @BeforeAll
  static void connect() {
    admin = SharedCluster.get().newClient();
    client =
        new KubernetesClientBuilder()
            .withConfig(admin.getConfiguration())
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("warnings", new WarningCapture()))
            .build();
  }

  @AfterAll
  static void cleanUp() {
    postures.forEach(p -> admin.resources(NamespacePosture.class).withName(p).delete());
    namespaces.forEach(ns -> TestNamespaces.deleteAndAwait(admin, ns));
    client.close();
    admin.close();
  }

  @Test
  void riskyPoliciesInPostureSelectedNamespacesAreAdmittedWithTheLintAsWarnings() {
    String token = ClusterFixtures.unique();
    String selected = namespace("lint-selected", Map.of(SELECT, token));
    String other = namespace("lint-other", Map.of());
    // Denies ingress only, so it allows no DNS egress: a raw egress deny breaks DNS.
    posture("lint-" + token, token);

    // The webhook is called once the configuration and the caches are there: retry dry runs.
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              warnings.clear();
              client.resource(egressDeny(selected, "probe", false)).dryRun().create();
              assertThat(warnings).anyMatch(w -> w.contains("DEFAULT_DENY_EGRESS_WITHOUT_DNS"));
            });

    warnings.clear();
    NetworkPolicy stored = client.resource(egressDeny(selected, "deny-egress", false)).create();
    assertThat(stored.getMetadata().getUid()).as("admitted and stored").isNotNull();
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("299 ")
                    .contains("DEFAULT_DENY_EGRESS_WITHOUT_DNS spec.egress: isolates egress")
                    .contains("UDP 53 and TCP 53"));

    warnings.clear();
    client.resource(egressDeny(selected, "deny-egress-with-dns", true)).create();
    assertThat(warnings).as("a clean policy").isEmpty();

    warnings.clear();
    client.resource(egressDeny(other, "deny-egress", false)).create();
    assertThat(warnings).as("no posture selects this namespace").isEmpty();

    // An update that drops the DNS rule is linted as the new object.
    warnings.clear();
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(selected)
        .withName("deny-egress-with-dns")
        .edit(
            p -> {
              p.getSpec().setEgress(List.of());
              return p;
            });
    assertThat(warnings).anyMatch(w -> w.contains("DEFAULT_DENY_EGRESS_WITHOUT_DNS"));
  }

  private static NetworkPolicy egressDeny(String namespace, String name, boolean withDns) {
    String egress =
        withDns
            ? "  egress:\n  - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n"
            : "";
    return YAML.unmarshal(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          podSelector: {}
          policyTypes: [Egress]
        %s"""
            .formatted(name, namespace, egress),
        NetworkPolicy.class);
  }

  private static String namespace(String base, Map<String, String> labels) {
    String ns = ClusterFixtures.namespace(admin, base, labels);
    namespaces.add(ns);
    return ns;
  }

  private static void posture(String name, String token) {
    admin
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: NamespacePosture
            metadata: {name: %s}
            spec:
              namespaceSelector: {matchLabels: {%s: "%s"}}
              defaultDeny: {ingress: true, egress: false}
            """
                .formatted(name, SELECT, token))
        .create();
    postures.add(name);
  }
}
