package dev.capstan.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImmutableFieldsTest {

  @Test
  void aChangedSelectorIsFound() {
    Deployment stored = deployment(Map.of("app", "web"), 3);
    Deployment desired = deployment(Map.of("app", "web-v2"), 3);

    assertThat(ImmutableFields.changed(stored, desired)).containsExactly("spec.selector");
  }

  @Test
  void mutableChangesAreNotReported() {
    assertThat(
            ImmutableFields.changed(
                deployment(Map.of("app", "web"), 3), deployment(Map.of("app", "web"), 5)))
        .isEmpty();
  }

  @Test
  void nothingStoredMeansNothingChanged() {
    assertThat(ImmutableFields.changed(null, deployment(Map.of("app", "web"), 1))).isEmpty();
  }

  @Test
  void storedDefaultsInAClaimTemplateAreNotAChange() {
    StatefulSet desired = statefulSet("1Gi", "fast");
    StatefulSet stored = statefulSet("1Gi", "fast");
    // What the API server stores on top of what we sent.
    PersistentVolumeClaim template = stored.getSpec().getVolumeClaimTemplates().get(0);
    template.setApiVersion("v1");
    template.setKind("PersistentVolumeClaim");
    template.getSpec().setVolumeMode("Filesystem");
    template.setStatus(
        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
            .withPhase("Pending")
            .build());
    stored.getSpec().setPodManagementPolicy("OrderedReady");

    assertThat(ImmutableFields.changed(stored, desired)).isEmpty();
  }

  @Test
  void aLargerClaimTemplateIsAChange() {
    assertThat(ImmutableFields.changed(statefulSet("1Gi", "fast"), statefulSet("2Gi", "fast")))
        .containsExactly("spec.volumeClaimTemplates");
  }

  @Test
  void anAddedClaimTemplateIsAChange() {
    StatefulSet desired = statefulSet("1Gi", "fast");
    desired
        .getSpec()
        .getVolumeClaimTemplates()
        .add(statefulSet("1Gi", "slow").getSpec().getVolumeClaimTemplates().get(0));

    assertThat(ImmutableFields.changed(statefulSet("1Gi", "fast"), desired))
        .containsExactly("spec.volumeClaimTemplates");
  }

  @Test
  void aClaimsStorageClassIsImmutableButItsSizeIsNot() {
    assertThat(ImmutableFields.changed(claim("1Gi", "fast"), claim("5Gi", "fast"))).isEmpty();
    assertThat(ImmutableFields.changed(claim("1Gi", "fast"), claim("1Gi", "slow")))
        .containsExactly("spec.storageClassName");
  }

  @Test
  void immutableConfigMapsKeepTheirData() {
    ConfigMap stored =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .endMetadata()
            .withImmutable(true)
            .withData(Map.of("a", "1"))
            .build();
    ConfigMap desired =
        new ConfigMapBuilder(stored).withImmutable(true).withData(Map.of("a", "2")).build();
    ConfigMap mutableStored = new ConfigMapBuilder(stored).withImmutable(false).build();

    assertThat(ImmutableFields.changed(stored, desired)).containsExactly("data");
    assertThat(ImmutableFields.changed(mutableStored, desired)).isEmpty();
  }

  @Test
  void aRoleBindingsRoleRefIsImmutable() {
    assertThat(ImmutableFields.changed(binding("view"), binding("edit")))
        .containsExactly("roleRef");
  }

  @Test
  void numbersAndNumericStringsAreTheSameValue() {
    var stored = new com.fasterxml.jackson.databind.node.IntNode(3);
    var wanted = new com.fasterxml.jackson.databind.node.TextNode("3");

    assertThat(ImmutableFields.covers(stored, wanted)).isTrue();
    assertThat(ImmutableFields.covers(stored, new com.fasterxml.jackson.databind.node.IntNode(4)))
        .isFalse();
  }

  @Test
  void defaultStrategiesNeverDeleteDataOrTraffic() {
    assertThat(
            ImmutableChangeStrategy.defaultFor(
                "apps", "StatefulSet", List.of("spec.volumeClaimTemplates")))
        .isEqualTo(ImmutableChangeStrategy.RECREATE_KEEPING_DEPENDENTS);
    assertThat(
            ImmutableChangeStrategy.defaultFor(
                "apps", "StatefulSet", List.of("spec.selector", "spec.serviceName")))
        .isEqualTo(ImmutableChangeStrategy.STALL);
    assertThat(ImmutableChangeStrategy.defaultFor("apps", "Deployment", List.of("spec.selector")))
        .isEqualTo(ImmutableChangeStrategy.STALL);
    assertThat(
            ImmutableChangeStrategy.defaultFor(
                "", "PersistentVolumeClaim", List.of("spec.storageClassName")))
        .isEqualTo(ImmutableChangeStrategy.STALL);
    assertThat(ImmutableChangeStrategy.defaultFor("", "Service", List.of("spec.clusterIP")))
        .isEqualTo(ImmutableChangeStrategy.STALL);
    assertThat(
            ImmutableChangeStrategy.defaultFor(
                "batch", "Job", List.of("spec.selector", "spec.template")))
        .isEqualTo(ImmutableChangeStrategy.RECREATE);
    assertThat(
            ImmutableChangeStrategy.defaultFor(
                "rbac.authorization.k8s.io", "ClusterRoleBinding", List.of("roleRef")))
        .isEqualTo(ImmutableChangeStrategy.RECREATE);
  }

  @Test
  void theStalledMessageSaysWhatToDo() {
    var error =
        new ImmutableFieldChangeException(
            new dev.capstan.core.ownership.ChildRef("apps", "Deployment", "shop", "web"),
            List.of("spec.selector"));

    assertThat(error.reason()).isEqualTo("ImmutableFieldChanged");
    assertThat(error.getMessage())
        .isEqualTo(
            "Deployment.apps shop/web: spec.selector is immutable and the desired value"
                + " differs. Revert the change, or delete the Deployment so that it is created"
                + " anew with the new value.");
  }

  private static Deployment deployment(Map<String, String> selector, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(selector)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static StatefulSet statefulSet(String size, String storageClass) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("db")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withServiceName("db")
        .withNewSelector()
        .withMatchLabels(Map.of("app", "db"))
        .endSelector()
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName("data-" + storageClass)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claim(String size, String storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .build();
  }

  private static RoleBinding binding(String role) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName("b")
        .withNamespace("shop")
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(role)
        .endRoleRef()
        .build();
  }
}
