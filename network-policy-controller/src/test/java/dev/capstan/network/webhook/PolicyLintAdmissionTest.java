package dev.capstan.network.webhook;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Intents.deny;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.sel;
import static dev.capstan.network.testing.Np.port;
import static dev.capstan.network.testing.Np.toAny;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.WebhookRequest;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.ip.Cidr;
import dev.capstan.network.lint.NetworkPolicyLinter;
import dev.capstan.network.testing.Np;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyLintAdmissionTest {

  private static final NetworkPolicyLinter LINTER =
      new NetworkPolicyLinter(List.of(Cidr.of("10.244.0.0/16")));
  private static final Map<String, Map<String, String>> NAMESPACES =
      Map.of("a1", Map.of("team", "a"), "b1", Map.of("team", "b"));

  /** Ingress only: it allows no DNS egress, so a raw egress deny in a1 breaks DNS. */
  private static final NamespacePosture INGRESS_ONLY =
      deny(posture("base", sel("team", "a")), true, false);

  private static final NetworkPolicy EGRESS_DENY =
      Np.policy("a1", "deny-egress").types("Egress").build();
  private static final NetworkPolicy EGRESS_DENY_WITH_DNS =
      Np.policy("a1", "deny-egress")
          .types("Egress")
          .egress(toAny(port(UDP, 53), port(TCP, 53)))
          .build();

  record View(List<NamespacePosture> postures, List<NetworkPolicy> stored)
      implements PolicyLintAdmission.ClusterView {
    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
      return Optional.ofNullable(NAMESPACES.get(namespace));
    }

    @Override
    public List<NetworkPolicy> policiesIn(String namespace) {
      return stored.stream().filter(p -> namespace.equals(p.getMetadata().getNamespace())).toList();
    }
  }

  private static Decision review(View view, NetworkPolicy policy, String namespace) {
    return new PolicyLintAdmission(view, LINTER)
        .validate(WebhookRequest.of(Operation.CREATE, policy, null).withNamespace(namespace));
  }

  @Test
  void aRiskyPolicyInASelectedNamespaceIsAllowedWithItsFindingsAsWarnings() {
    Decision decision = review(new View(List.of(INGRESS_ONLY), List.of()), EGRESS_DENY, "a1");

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("DEFAULT_DENY_EGRESS_WITHOUT_DNS spec.egress: isolates egress")
                    .contains("UDP 53 and TCP 53")
                    .hasSizeLessThanOrEqualTo(PolicyLintAdmission.MAX_WARNING));
  }

  @Test
  void aCleanPolicyGetsNoWarning() {
    Decision decision =
        review(new View(List.of(INGRESS_ONLY), List.of()), EGRESS_DENY_WITH_DNS, "a1");

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).isEmpty();
  }

  @Test
  void namespacesNoPostureSelectsAreNotLinted() {
    NetworkPolicy inB1 = Np.policy("b1", "deny-egress").types("Egress").build();

    assertThat(review(new View(List.of(INGRESS_ONLY), List.of()), inB1, "b1").warnings()).isEmpty();
    assertThat(review(new View(List.of(), List.of()), EGRESS_DENY, "a1").warnings()).isEmpty();
    assertThat(
            review(new View(List.of(INGRESS_ONLY), List.of()), EGRESS_DENY, "unknown").warnings())
        .as("a namespace that cannot be read")
        .isEmpty();
  }

  @Test
  void thePostureGeneratedDnsAllowIsContextAsInTheStatus() {
    // The default posture denies egress and allows DNS to every pod of the namespace.
    NamespacePosture denyAll = posture("base", sel("team", "a"));
    List<NetworkPolicy> generated =
        PostureCompiler.compile(
                List.of(denyAll),
                CompileContext.of(List.of(NamespaceInfo.of("a1", NAMESPACES.get("a1")))))
            .get("base")
            .policies();

    assertThat(review(new View(List.of(denyAll), generated), EGRESS_DENY, "a1").warnings())
        .isEmpty();
  }

  @Test
  void anUpdateIsLintedAsTheNewObjectNotTheStoredOne() {
    // Stored with DNS; the update drops it: the stored version must not count as context.
    View view = new View(List.of(INGRESS_ONLY), List.of(EGRESS_DENY_WITH_DNS));
    Decision decision =
        new PolicyLintAdmission(view, LINTER)
            .validate(
                WebhookRequest.of(Operation.UPDATE, EGRESS_DENY, EGRESS_DENY_WITH_DNS)
                    .withNamespace("a1"));

    assertThat(decision.warnings()).hasSize(1);
  }

  @Test
  void otherPoliciesOfTheNamespaceAreContextButNotReported() {
    List<NetworkPolicy> stored = new ArrayList<>();
    stored.add(Np.policy("a1", "other-risky").types("Egress").build());
    stored.add(
        Np.policy("a1", "dns-for-all")
            .types("Egress")
            .egress(toAny(port(UDP, 53), port(TCP, 53)))
            .build());

    Decision decision = review(new View(List.of(INGRESS_ONLY), stored), EGRESS_DENY, "a1");

    assertThat(decision.warnings()).as("DNS is allowed to all pods by dns-for-all").isEmpty();
  }

  @Test
  void everyFindingBecomesAWarningAndTheNamespaceComesFromTheRequest() {
    NetworkPolicy noNamespace =
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(
                Np.policy("a1", "wide").egress(toAny(Np.portWithoutProtocol(53))).build())
            .editMetadata()
            .withNamespace(null)
            .endMetadata()
            .build();

    Decision decision = review(new View(List.of(INGRESS_ONLY), List.of()), noNamespace, "a1");

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("IMPLICIT_POLICY_TYPES "))
        .anySatisfy(w -> assertThat(w).startsWith("PORT_53_WITHOUT_PROTOCOL "))
        .anySatisfy(w -> assertThat(w).startsWith("DEFAULT_DENY_EGRESS_WITHOUT_DNS "))
        .allSatisfy(w -> assertThat(w).hasSizeLessThanOrEqualTo(PolicyLintAdmission.MAX_WARNING));
  }

  @Test
  void capstansOwnPoliciesAreNotLinted() {
    NetworkPolicy generated =
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(EGRESS_DENY)
            .editMetadata()
            .addToLabels("app.kubernetes.io/managed-by", "capstan-network")
            .endMetadata()
            .build();

    assertThat(review(new View(List.of(INGRESS_ONLY), List.of()), generated, "a1").warnings())
        .isEmpty();
  }

  @Test
  void aFailingLintAllowsRatherThanDenies() {
    PolicyLintAdmission.ClusterView broken =
        new PolicyLintAdmission.ClusterView() {
          @Override
          public Optional<Map<String, String>> namespaceLabels(String namespace) {
            return Optional.of(NAMESPACES.get(namespace));
          }

          @Override
          public List<NamespacePosture> postures() {
            return List.of(INGRESS_ONLY);
          }

          @Override
          public List<NetworkPolicy> policiesIn(String namespace) {
            throw new IllegalStateException("cache not started");
          }
        };

    Decision decision =
        new PolicyLintAdmission(broken, LINTER)
            .validate(WebhookRequest.of(Operation.CREATE, EGRESS_DENY, null).withNamespace("a1"));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).isEmpty();
  }

  @Test
  void deletesAndEmptyObjectsAreAllowedWithoutLint() {
    Decision decision =
        new PolicyLintAdmission(new View(List.of(INGRESS_ONLY), List.of()), LINTER)
            .validate(WebhookRequest.of(Operation.DELETE, null, EGRESS_DENY).withNamespace("a1"));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).isEmpty();
  }
}
