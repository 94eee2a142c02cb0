package dev.capstan.network.apply;

import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.ownership.OwnerLabels;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What a reconcile writes, decided without a cluster: nothing when nothing changed. */
class PolicyPlanTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final NamespacePosture posture = owned(posture("base", sel("team", "a")));
  private final List<NetworkPolicy> desired =
      Owners.owned(
          PostureCompiler.compile(
                  List.of(posture),
                  CompileContext.of(
                      List.of(
                          NamespaceInfo.of("a1", Map.of("team", "a")),
                          NamespaceInfo.of("a2", Map.of("team", "a")),
                          NamespaceInfo.of("b1", Map.of("team", "b")))))
              .get("base")
              .policies(),
          posture);

  @Test
  void storedCopiesAsTheApiServerReturnsThemPlanNothing() {
    List<NetworkPolicy> stored = desired.stream().map(PolicyPlanTest::asStored).toList();

    PolicyPlan plan = PolicyPlan.of(posture, desired, stored, lookup(stored));

    assertThat(desired).hasSizeGreaterThan(4);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.unchanged()).isEqualTo(desired.size());
  }

  @Test
  void missingPoliciesAreAppliedAndOnlyThose() {
    List<NetworkPolicy> stored = desired.stream().skip(1).map(PolicyPlanTest::asStored).toList();

    PolicyPlan plan = PolicyPlan.of(posture, desired, stored, lookup(stored));

    assertThat(plan.apply()).containsExactly(desired.get(0));
    assertThat(plan.delete()).isEmpty();
  }

  @Test
  void ownedPoliciesNoLongerDesiredAreDeleted() {
    List<NetworkPolicy> stored = desired.stream().map(PolicyPlanTest::asStored).toList();
    List<NetworkPolicy> fewer =
        desired.stream().filter(p -> p.getMetadata().getNamespace().equals("a1")).toList();

    PolicyPlan plan = PolicyPlan.of(posture, fewer, stored, lookup(stored));

    assertThat(plan.apply()).isEmpty();
    assertThat(plan.delete())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo("a2"));
    assertThat(plan.delete()).hasSize(stored.size() - fewer.size());
  }

  @Test
  void driftInTheSpecIsRepairedButForeignLabelsAreNot() {
    NetworkPolicy original = desired.get(1);
    NetworkPolicy widened =
        new NetworkPolicyBuilder(asStored(original))
            .editSpec()
            .addNewIngress()
            .endIngress()
            .endSpec()
            .build();
    NetworkPolicy labelled =
        new NetworkPolicyBuilder(asStored(desired.get(2)))
            .editMetadata()
            .addToLabels("example.com/team", "a")
            .endMetadata()
            .build();
    List<NetworkPolicy> stored = List.of(widened, labelled);

    PolicyPlan plan =
        PolicyPlan.of(posture, List.of(original, desired.get(2)), stored, lookup(stored));

    assertThat(plan.apply()).containsExactly(original);
  }

  @Test
  void aRemovedRuleListIsDriftToo() {
    NetworkPolicy sameNamespace =
        desired.stream()
            .filter(p -> p.getMetadata().getName().endsWith("same-namespace"))
            .findFirst()
            .orElseThrow();
    NetworkPolicy ingressOnly =
        new NetworkPolicyBuilder(sameNamespace)
            .editSpec()
            .withPolicyTypes("Ingress")
            .withEgress(List.of())
            .endSpec()
            .build();
    List<NetworkPolicy> stored = List.of(asStored(sameNamespace));

    assertThat(PolicyPlan.of(posture, List.of(ingressOnly), stored, lookup(stored)).apply())
        .containsExactly(ingressOnly);
  }

  @Test
  void aMissingOwnerReferenceIsApplied() {
    NetworkPolicy policy = desired.get(0);
    NetworkPolicy withoutOwner =
        new NetworkPolicyBuilder(asStored(policy))
            .editMetadata()
            .withOwnerReferences(List.of())
            .endMetadata()
            .build();
    List<NetworkPolicy> stored = List.of(withoutOwner);

    assertThat(PolicyPlan.of(posture, List.of(policy), stored, lookup(stored)).apply())
        .containsExactly(policy);
  }

  @Test
  void policiesAPersonKeepsOrOfARecreatedIntentOrBeingDeletedAreNotDeleted() {
    List<NetworkPolicy> stored = desired.stream().map(PolicyPlanTest::asStored).toList();
    NetworkPolicy kept = stored.get(0);
    kept.getMetadata()
        .getAnnotations()
        .put(OwnerLabels.PRUNE_ANNOTATION, OwnerLabels.PRUNE_DISABLED);
    NetworkPolicy ofOldIntent = stored.get(1);
    ofOldIntent.getMetadata().getLabels().put(OwnerLabels.OWNER_UID, "uid-of-a-deleted-base");
    NetworkPolicy leaving = stored.get(2);
    leaving.getMetadata().setDeletionTimestamp("2026-11-27T12:00:00Z");

    PolicyPlan plan = PolicyPlan.of(posture, List.of(), stored, lookup(stored));

    assertThat(plan.delete()).hasSize(stored.size() - 3).doesNotContain(kept, ofOldIntent, leaving);
  }

  @Test
  void desiredPoliciesCarryTheIntentsUidAndAnOwnerReference() {
    assertThat(desired)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getLabels())
                  .containsEntry(OwnerLabels.OWNER_UID, "uid-base")
                  .containsEntry(OwnerLabels.MANAGED_BY, "capstan-network")
                  .containsEntry("network.capstan.dev/owner-name", "base");
              assertThat(p.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(r -> assertThat(r.getUid()).isEqualTo("uid-base"));
            });
  }

  /** Through JSON, with what the apiserver adds, as an informer would hold it. */
  private static NetworkPolicy asStored(NetworkPolicy policy) {
    NetworkPolicy copy = JSON.unmarshal(JSON.asJson(policy), NetworkPolicy.class);
    copy.getMetadata().setResourceVersion("42");
    copy.getMetadata().setUid("0000-1111");
    copy.getMetadata().setGeneration(1L);
    copy.getMetadata().getLabels().put("kubernetes.io/other", "x");
    return copy;
  }

  private static Function<NetworkPolicy, Optional<NetworkPolicy>> lookup(
      List<NetworkPolicy> stored) {
    Map<String, NetworkPolicy> byKey = new LinkedHashMap<>();
    stored.forEach(p -> byKey.put(PolicyMatch.key(p), p));
    return p -> Optional.ofNullable(byKey.get(PolicyMatch.key(p)));
  }

  private static NamespacePosture owned(NamespacePosture posture) {
    posture.getMetadata().setUid("uid-base");
    return posture;
  }
}
