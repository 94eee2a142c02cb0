package dev.capstan.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrunePlanTest {

  private static final String MANAGER = "capstan-test";
  private final ConfigMap primary = primary("uid-1");

  @Test
  void onlyUndesiredChildrenOfThisPrimaryAreUnwanted() {
    ClusterRole kept = OwnerLabels.mark(role("kept"), primary, MANAGER);
    ClusterRole dropped = OwnerLabels.mark(role("dropped"), primary, MANAGER);
    ClusterRole otherPrimarys = OwnerLabels.mark(role("other"), primary("uid-2"), MANAGER);
    ClusterRole otherManagers = OwnerLabels.mark(role("foreign"), primary, "someone-else");
    ClusterRole unlabelled = role("users-own");

    List<HasMetadata> unwanted =
        PrunePlan.unwanted(
            primary,
            MANAGER,
            List.of(kept, dropped, otherPrimarys, otherManagers, unlabelled),
            Set.of(ChildRef.of(role("kept"))));

    assertThat(unwanted).extracting(c -> c.getMetadata().getName()).containsExactly("dropped");
  }

  @Test
  void childrenBeingDeletedOrKeptByAPersonAreLeftAlone() {
    ClusterRole deleting = OwnerLabels.mark(role("deleting"), primary, MANAGER);
    deleting.getMetadata().setDeletionTimestamp("2026-11-27T12:00:00Z");
    ClusterRole keep = OwnerLabels.mark(role("keep"), primary, MANAGER);
    keep.getMetadata()
        .getAnnotations()
        .put(OwnerLabels.PRUNE_ANNOTATION, OwnerLabels.PRUNE_DISABLED);

    assertThat(PrunePlan.all(primary, MANAGER, List.of(deleting, keep))).isEmpty();
  }

  @Test
  void theSameNameInAnotherNamespaceOrGroupIsAnotherChild() {
    ConfigMap here = OwnerLabels.mark(configMap("a", "ns1"), primary, MANAGER);
    ConfigMap there = OwnerLabels.mark(configMap("a", "ns2"), primary, MANAGER);

    assertThat(
            PrunePlan.unwanted(
                primary, MANAGER, List.of(here, there), Set.of(ChildRef.of(configMap("a", "ns1")))))
        .containsExactly(there);
    assertThat(ChildRef.of(role("a"))).isNotEqualTo(new ChildRef("", "ClusterRole", "", "a"));
  }

  @Test
  void markingKeepsExistingLabelsAndRecordsTheOwner() {
    ConfigMap child = configMap("a", "ns2");
    child.getMetadata().setLabels(new java.util.HashMap<>(Map.of("team", "blue")));

    OwnerLabels.mark(child, primary, MANAGER);

    assertThat(child.getMetadata().getLabels())
        .containsEntry("team", "blue")
        .containsEntry(OwnerLabels.OWNER_UID, "uid-1")
        .containsEntry(OwnerLabels.OWNER_KIND, "ConfigMap")
        .containsEntry(OwnerLabels.MANAGED_BY, MANAGER);
    assertThat(child.getMetadata().getAnnotations())
        .containsEntry(OwnerLabels.OWNER_ANNOTATION, "v1/ConfigMap/home/primary");
  }

  @Test
  void aPrimaryWithoutUidCannotOwnAnything() {
    ConfigMap unsaved = configMap("new", "home");

    assertThatThrownBy(() -> OwnerLabels.labels(unsaved, MANAGER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no UID");
  }

  @Test
  void apiPathsForCoreGroupedAndClusterScopedKinds() {
    assertThat(
            ApiPaths.objectPath(
                ResourceDefinitionContext.fromResourceType(ConfigMap.class), "ns", "a"))
        .isEqualTo("/api/v1/namespaces/ns/configmaps/a");
    assertThat(
            ApiPaths.objectPath(
                ResourceDefinitionContext.fromResourceType(ClusterRole.class), null, "r"))
        .isEqualTo("/apis/rbac.authorization.k8s.io/v1/clusterroles/r");
    assertThatThrownBy(
            () ->
                ApiPaths.objectPath(
                    ResourceDefinitionContext.fromResourceType(ConfigMap.class), "", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ConfigMap primary(String uid) {
    ConfigMap primary = configMap("primary", "home");
    primary.getMetadata().setUid(uid);
    return primary;
  }

  private static ConfigMap configMap(String name, String namespace) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .build();
  }

  private static ClusterRole role(String name) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().build();
  }
}
