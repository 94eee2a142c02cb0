package dev.capstan.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A namespaced primary with a cluster-scoped child and a child in another namespace: neither can
 * carry an owner reference to it, so only the owner labels let the pruner find them.
 */
@CapstanCluster
class ChildPrunerIT {

  private static final String MANAGER = "capstan-pruner-it";

  private KubernetesClient client;
  private String otherNamespace;
  private String prefix;

  @AfterEach
  void removeClusterScopedLeftovers() {
    if (client != null) {
      client.rbac().clusterRoles().withLabel(OwnerLabels.MANAGED_BY, MANAGER).delete();
      client.rbac().clusterRoles().withName(prefix + "users-own").delete();
      TestNamespaces.deleteAndAwait(client, otherNamespace);
    }
  }

  @Test
  void unwantedChildrenArePrunedAndOthersLeftAlone(ClusterContext cluster) {
    setUp(cluster);
    ConfigMap primary = createPrimary(cluster, "primary");
    ConfigMap otherPrimary = createPrimary(cluster, "other-primary");
    ClusterRole kept = apply(OwnerLabels.mark(role("kept"), primary, MANAGER));
    apply(OwnerLabels.mark(role("dropped"), primary, MANAGER));
    apply(OwnerLabels.mark(configMap("dropped", otherNamespace), primary, MANAGER));
    apply(OwnerLabels.mark(role("of-other-primary"), otherPrimary, MANAGER));
    apply(role("users-own")); // same kind, no labels: never ours
    ChildPruner pruner = pruner();

    List<ChildRef> pruned = pruner.prune(primary, List.of(kept));

    assertThat(pruned)
        .extracting(ChildRef::toString)
        .containsExactlyInAnyOrder(
            "ClusterRole.rbac.authorization.k8s.io " + prefix + "dropped",
            "ConfigMap " + otherNamespace + "/dropped");
    assertThat(client.rbac().clusterRoles().withName(prefix + "dropped").get()).isNull();
    assertThat(client.configMaps().inNamespace(otherNamespace).withName("dropped").get()).isNull();
    assertThat(client.rbac().clusterRoles().withName(prefix + "kept").get()).isNotNull();
    assertThat(client.rbac().clusterRoles().withName(prefix + "of-other-primary").get())
        .isNotNull();
    assertThat(client.rbac().clusterRoles().withName(prefix + "users-own").get()).isNotNull();
  }

  @Test
  void pruningNothingWritesNothing(ClusterContext cluster) {
    setUp(cluster);
    ConfigMap primary = createPrimary(cluster, "steady");
    ClusterRole kept = apply(OwnerLabels.mark(role("steady"), primary, MANAGER));
    ChildPruner pruner = pruner();
    long before = ApiServerRequests.writes(client, "clusterroles", "");

    assertThat(pruner.prune(primary, List.of(kept))).isEmpty();

    assertThat(ApiServerRequests.writes(client, "clusterroles", "")).isEqualTo(before);
  }

  @Test
  void cleanupDeletesEveryChildExceptThoseAPersonKept(ClusterContext cluster) {
    setUp(cluster);
    ConfigMap primary = createPrimary(cluster, "leaving");
    apply(OwnerLabels.mark(role("leaving-a"), primary, MANAGER));
    apply(OwnerLabels.mark(configMap("leaving-b", otherNamespace), primary, MANAGER));
    ClusterRole keep = OwnerLabels.mark(role("leaving-keep"), primary, MANAGER);
    keep.getMetadata()
        .getAnnotations()
        .put(OwnerLabels.PRUNE_ANNOTATION, OwnerLabels.PRUNE_DISABLED);
    apply(keep);

    List<ChildRef> deleted = pruner().deleteAll(primary);

    assertThat(deleted).hasSize(2);
    assertThat(client.rbac().clusterRoles().withName(prefix + "leaving-a").get()).isNull();
    assertThat(client.configMaps().inNamespace(otherNamespace).withName("leaving-b").get())
        .isNull();
    assertThat(client.rbac().clusterRoles().withName(prefix + "leaving-keep").get()).isNotNull();
  }

  @Test
  void aPlannedDeleteRemovesThatObjectButNotOneRecreatedUnderItsName(ClusterContext cluster) {
    setUp(cluster);
    ConfigMap primary = createPrimary(cluster, "planned");
    ConfigMap child =
        apply(OwnerLabels.mark(configMap("planned", otherNamespace), primary, MANAGER));
    ChildPruner pruner = pruner();

    assertThat(pruner.delete(child)).isTrue();
    assertThat(client.configMaps().inNamespace(otherNamespace).withName("planned").get()).isNull();
    assertThat(pruner.delete(child)).as("already gone").isFalse();

    // A cache may still hold the old object while someone created a new one of the same name.
    client
        .configMaps()
        .inNamespace(otherNamespace)
        .withName("planned")
        .waitUntilCondition(c -> c == null, 60, java.util.concurrent.TimeUnit.SECONDS);
    ConfigMap recreated = apply(configMap("planned", otherNamespace));
    assertThat(pruner.delete(child)).as("a different object now").isFalse();
    assertThat(client.configMaps().inNamespace(otherNamespace).withName("planned").get())
        .extracting(c -> c.getMetadata().getUid())
        .isEqualTo(recreated.getMetadata().getUid());
  }

  private void setUp(ClusterContext cluster) {
    client = cluster.client();
    prefix = cluster.namespace() + "-";
    otherNamespace = TestNamespaces.uniqueName("pruner-other");
    TestNamespaces.create(client, otherNamespace);
  }

  private ChildPruner pruner() {
    return new ChildPruner(
        client,
        MANAGER,
        List.of(
            ResourceDefinitionContext.fromResourceType(ClusterRole.class),
            ResourceDefinitionContext.fromResourceType(ConfigMap.class)));
  }

  private ConfigMap createPrimary(ClusterContext cluster, String name) {
    return client.resource(configMap(name, cluster.namespace())).create();
  }

  private <T extends HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  private ClusterRole role(String name) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(prefix + name)
        .endMetadata()
        .addNewRule()
        .withApiGroups("")
        .withResources("configmaps")
        .withVerbs("get")
        .endRule()
        .build();
  }

  private static ConfigMap configMap(String name, String namespace) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withData(Map.of("k", "v"))
        .build();
  }
}
