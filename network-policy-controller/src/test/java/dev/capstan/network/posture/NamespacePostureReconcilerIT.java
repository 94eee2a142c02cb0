package dev.capstan.network.posture;

import static dev.capstan.network.testing.ClusterFixtures.isTrue;
import static dev.capstan.network.testing.ClusterFixtures.label;
import static dev.capstan.network.testing.ClusterFixtures.names;
import static dev.capstan.network.testing.ClusterFixtures.ownedPolicies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.e2e.cluster.Tools;
import dev.capstan.network.apply.PolicyWriter;
import dev.capstan.network.testing.ClusterFixtures;
import dev.capstan.network.testing.Np;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator, started by Quarkus in this JVM, compiles NamespacePostures into NetworkPolicies on
 * the real control plane and follows namespaces as they appear, change labels and disappear.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class NamespacePostureReconcilerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String SELECT = "capstan.dev/posture-it";
  private static KubernetesClient client;
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> postures = new ArrayList<>();

  @BeforeAll
  static void connect() {
    client = SharedCluster.get().newClient();
  }

  @AfterEach
  void cleanUp() {
    postures.forEach(p -> client.resources(NamespacePosture.class).withName(p).delete());
    namespaces.forEach(ns -> TestNamespaces.deleteAndAwait(client, ns));
  }

  @Test
  void policiesFollowTheSelectedNamespacesAndTheIntent() {
    String token = ClusterFixtures.unique();
    String selected = namespace("posture-a", Map.of(SELECT, token));
    String later = namespace("posture-b", Map.of());
    String name = posture("base-" + token, token, true, true);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(names(ownedPolicies(client, selected, "NamespacePosture", name)))
                    .containsExactly(
                        policy(name, "default-deny"),
                        policy(name, "dns"),
                        policy(name, "same-namespace")));
    assertThat(ownedPolicies(client, later, "NamespacePosture", name)).isEmpty();
    NetworkPolicy defaultDeny =
        client
            .network()
            .networkPolicies()
            .inNamespace(selected)
            .withName(policy(name, "default-deny"))
            .get();
    assertThat(defaultDeny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(defaultDeny.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("NamespacePosture");
              assertThat(o.getName()).isEqualTo(name);
            });
    assertThat(defaultDeny.getMetadata().getManagedFields())
        .extracting(f -> f.getManager())
        .containsExactly(PolicyWriter.FIELD_MANAGER);

    // Status says what was generated; kstatus tools see Ready.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              NamespacePosture posture = get(name);
              assertThat(isTrue(posture, Conditions.READY)).isTrue();
              assertThat(posture.getStatus().getObservedGeneration())
                  .isEqualTo(posture.getMetadata().getGeneration());
              assertThat(posture.getStatus().getNamespaces()).containsExactly(selected);
              assertThat(posture.getStatus().getPolicies())
                  .containsExactly(
                      selected + "/" + policy(name, "default-deny"),
                      selected + "/" + policy(name, "dns"),
                      selected + "/" + policy(name, "same-namespace"));
            });
    assertThat(
            Tools.kubectl(
                    SharedCluster.get().kubeconfig(),
                    "wait",
                    "--for=condition=Ready",
                    "namespaceposture/" + name,
                    "--timeout=30s")
                .orFail("kubectl wait")
                .output())
        .contains("condition met");

    // A namespace labelled later gets the policies.
    label(client, later, SELECT, token);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ownedPolicies(client, later, "NamespacePosture", name)).hasSize(3));
    await().atMost(TIMEOUT).until(() -> get(name).getStatus().getNamespaceCount() == 2);

    // The label removed: its policies are pruned, the other namespace keeps its own.
    label(client, selected, SELECT, null);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ownedPolicies(client, selected, "NamespacePosture", name)).isEmpty());
    assertThat(ownedPolicies(client, later, "NamespacePosture", name)).hasSize(3);

    // The intent changes to ingress only: the DNS egress policy goes, the rest is rewritten.
    client
        .resources(NamespacePosture.class)
        .withName(name)
        .edit(
            p -> {
              p.getSpec().getDefaultDeny().setEgress(false);
              return p;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(names(ownedPolicies(client, later, "NamespacePosture", name)))
                  .containsExactly(policy(name, "default-deny"), policy(name, "same-namespace"));
              assertThat(
                      client
                          .network()
                          .networkPolicies()
                          .inNamespace(later)
                          .withName(policy(name, "same-namespace"))
                          .get()
                          .getSpec())
                  .satisfies(
                      spec -> {
                        assertThat(spec.getPolicyTypes()).containsExactly("Ingress");
                        assertThat(spec.getEgress()).isEmpty();
                      });
            });

    // A raw policy next to the generated ones is linted into the status.
    client.resource(Np.policy(later, "hand-made-egress-deny").types("Egress").build()).create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus().getLintFindings())
                    .singleElement()
                    .satisfies(
                        f -> {
                          assertThat(f.getPolicy()).isEqualTo(later + "/hand-made-egress-deny");
                          assertThat(f.getCode()).isEqualTo("DEFAULT_DENY_EGRESS_WITHOUT_DNS");
                        }));

    // The posture deleted: the garbage collector removes its policies through their owner.
    client.resources(NamespacePosture.class).withName(name).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ownedPolicies(client, later, "NamespacePosture", name)).isEmpty());
  }

  @Test
  void aPostureThatOverlapsAStricterOneIsStalledUntilTheyAgree() {
    String token = ClusterFixtures.unique();
    String shared = namespace("posture-overlap", Map.of(SELECT, token, SELECT + "-b", token));
    String open = posture("open-" + token, token, true, false);
    await().atMost(TIMEOUT).until(() -> isTrue(get(open), Conditions.READY));

    // A second posture denying egress in the same namespace: the first one cannot be what it says.
    String strict = postureSelecting("strict-" + token, SELECT + "-b", token, true, true);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              NamespacePosture posture = get(open);
              assertThat(isTrue(posture, Conditions.STALLED)).isTrue();
              assertThat(isTrue(posture, Conditions.READY)).isFalse();
              assertThat(
                      Conditions.find(posture.getStatus().getConditions(), Conditions.STALLED)
                          .orElseThrow()
                          .getMessage())
                  .contains(strict)
                  .contains(shared)
                  .contains("egress");
              assertThat(isTrue(get(strict), Conditions.READY)).isTrue();
            });
    // The transition is told once, as a Warning Event about the posture.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventsAbout(open))
                    .filteredOn(e -> "Warning".equals(e.getType()))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("Unsatisfiable");
                          assertThat(e.getNote()).contains(strict);
                          assertThat(e.getReportingController())
                              .isEqualTo("capstan.dev/network-policy-controller");
                        }));

    // It agrees: Ready again.
    client
        .resources(NamespacePosture.class)
        .withName(open)
        .edit(
            p -> {
              p.getSpec().getDefaultDeny().setEgress(true);
              return p;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              NamespacePosture posture = get(open);
              assertThat(isTrue(posture, Conditions.READY)).isTrue();
              assertThat(isTrue(posture, Conditions.STALLED)).isFalse();
            });
  }

  @Test
  void aGeneratedPolicyTheApiserverRefusesMakesThePostureStalledUntilItIsAccepted() {
    String token = ClusterFixtures.unique();
    String ns =
        namespace("posture-refused", Map.of(SELECT, token, "capstan.dev/refuse-dns", token));
    // A ValidatingAdmissionPolicy refuses DNS policies in that namespace: a permanent 422.
    String admission = "capstan-it-refuse-dns-" + token;
    client
        .resource(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: %s}
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules:
                - {apiGroups: [networking.k8s.io], apiVersions: [v1], operations: [CREATE, UPDATE],
                   resources: [networkpolicies]}
              validations:
              - expression: "!object.metadata.name.endsWith('.dns')"
                message: no DNS policies in this namespace (test admission policy)
            """
                .formatted(admission))
        .create();
    client
        .resource(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: %s}
            spec:
              policyName: %s
              validationActions: [Deny]
              matchResources:
                namespaceSelector: {matchLabels: {capstan.dev/refuse-dns: "%s"}}
            """
                .formatted(admission, admission, token))
        .create();
    try {
      // The admission policy takes effect a moment after it is created.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () ->
                              client
                                  .resource(Np.policy(ns, "probe.dns").types("Egress").build())
                                  .dryRun()
                                  .create())
                      .hasMessageContaining("no DNS policies"));
      String name = posture("refused-" + token, token, true, true);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                NamespacePosture posture = get(name);
                assertThat(isTrue(posture, Conditions.STALLED)).isTrue();
                assertThat(isTrue(posture, Conditions.READY)).isFalse();
                Condition stalled =
                    Conditions.find(posture.getStatus().getConditions(), Conditions.STALLED)
                        .orElseThrow();
                assertThat(stalled.getReason()).isEqualTo("Invalid");
                assertThat(stalled.getMessage())
                    .contains(policy(name, "dns"))
                    .contains("no DNS policies in this namespace");
              });
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(eventsAbout(name))
                      .anySatisfy(
                          e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason()).isEqualTo("Invalid");
                          }));

      // Accepted again: the next change (here a namespace label) makes it Ready.
      client
          .admissionRegistration()
          .v1()
          .validatingAdmissionPolicyBindings()
          .withName(admission)
          .withTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
          .delete();
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(3))
          .untilAsserted(
              () -> {
                label(client, ns, "capstan.dev/nudge", ClusterFixtures.unique());
                assertThat(isTrue(get(name), Conditions.READY)).isTrue();
              });
      assertThat(isTrue(get(name), Conditions.STALLED)).isFalse();
      assertThat(names(ownedPolicies(client, ns, "NamespacePosture", name)))
          .contains(policy(name, "dns"));
    } finally {
      client
          .admissionRegistration()
          .v1()
          .validatingAdmissionPolicyBindings()
          .withName(admission)
          .delete();
      client
          .admissionRegistration()
          .v1()
          .validatingAdmissionPolicies()
          .withName(admission)
          .delete();
    }
  }

  private String namespace(String base, Map<String, String> labels) {
    String name = ClusterFixtures.namespace(client, base, labels);
    namespaces.add(name);
    return name;
  }

  private String posture(String name, String token, boolean denyIngress, boolean denyEgress) {
    return postureSelecting(name, SELECT, token, denyIngress, denyEgress);
  }

  private String postureSelecting(
      String name, String key, String value, boolean denyIngress, boolean denyEgress) {
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: NamespacePosture
            metadata: {name: %s}
            spec:
              namespaceSelector: {matchLabels: {"%s": "%s"}}
              defaultDeny: {ingress: %s, egress: %s}
            """
                .formatted(name, key, value, denyIngress, denyEgress))
        .create();
    postures.add(name);
    return name;
  }

  /** Events about a cluster-scoped object live in the default namespace. */
  private static List<Event> eventsAbout(String posture) {
    return client.events().v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> e.getRegarding() != null)
        .filter(e -> "NamespacePosture".equals(e.getRegarding().getKind()))
        .filter(e -> posture.equals(e.getRegarding().getName()))
        .toList();
  }

  private static NamespacePosture get(String name) {
    return client.resources(NamespacePosture.class).withName(name).get();
  }

  private static String policy(String posture, String part) {
    return "capstan-posture." + posture + "." + part;
  }
}
