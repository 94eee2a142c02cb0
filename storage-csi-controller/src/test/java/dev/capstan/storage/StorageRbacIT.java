package dev.capstan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.events.EventRecorder;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendSpec;
import dev.capstan.crds.storage.v1alpha1.StorageClassTemplate;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.Tools;
import dev.capstan.storage.attacher.Attacher;
import dev.capstan.storage.backend.DesiredStorageObjects;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.Provisioner;
import dev.capstan.storage.provisioner.ProvisionerSettings;
import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's storage ClusterRole is enough: the provisioner, the attacher and the backend's
 * CSIDriver/StorageClass writes run as a ServiceAccount bound to exactly the rendered role (missing
 * {@code patch} on PVs left PVs stuck upstream, external-provisioner#1277).
 */
@CapstanCluster
class StorageRbacIT {

  static final String DRIVER = "rbac-it.csi.capstan.dev";
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void provisionAttachDetachAndDeleteWithTheChartsRoleOnly(ClusterContext cluster)
      throws Exception {
    KubernetesClient admin = cluster.client();
    String ns = cluster.namespace();
    ClusterRole role = renderedStorageRole(cluster, ns);
    String roleName = "capstan-storage-rbac-it-" + ns;
    role.getMetadata().setName(roleName);
    admin.resource(role).serverSideApply();
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("storage")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    admin
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(roleName)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(roleName)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("storage")
                .withNamespace(ns)
                .endSubject()
                .build())
        .serverSideApply();

    Path dir = Files.createTempDirectory("rbac-it");
    try (KubernetesClient sa =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(admin.getConfiguration())
                        .withImpersonateUsername("system:serviceaccount:" + ns + ":storage")
                        .withImpersonateGroups(
                            "system:serviceaccounts",
                            "system:serviceaccounts:" + ns,
                            "system:authenticated")
                        .build())
                .build();
        TestCsiDriver driver =
            TestCsiDriver.start(
                "--endpoint=unix://" + dir.resolve("csi.sock"),
                "--statedir=" + dir.resolve("state"),
                "--drivername=" + DRIVER,
                "--node-id=kwok-node-0",
                "--known-nodes=kwok-node-0,kwok-node-1",
                "--enable-attach=true");
        CsiClient csi =
            CsiClient.connect("unix://" + dir.resolve("csi.sock"), Duration.ofSeconds(10))) {
      // Registration: CSIDriver and a StorageClass written the way the reconciler writes them.
      StorageBackend backend = new StorageBackend();
      backend.setMetadata(
          new ObjectMetaBuilder()
              .withName("rbac-it")
              .withUid("00000000-0000-0000-0000-000000000001")
              .build());
      StorageBackendSpec spec = new StorageBackendSpec();
      spec.setEndpoint("unix://" + dir.resolve("csi.sock"));
      StorageClassTemplate sc = new StorageClassTemplate();
      sc.setName("rbac-it");
      spec.setStorageClasses(List.of(sc));
      backend.setSpec(spec);
      List<HasMetadata> objects = new java.util.ArrayList<>();
      objects.add(DesiredStorageObjects.csiDriver(backend, DRIVER));
      objects.addAll(DesiredStorageObjects.storageClasses(backend, DRIVER));
      for (HasMetadata o : objects) {
        o.getMetadata().setOwnerReferences(null); // the fake owner does not exist
        sa.resource(o).fieldManager("capstan-storage").forceConflicts().serverSideApply();
      }
      for (String node : List.of("kwok-node-0", "kwok-node-1")) {
        admin
            .resource(
                new CSINodeBuilder()
                    .withNewMetadata()
                    .withName(node)
                    .endMetadata()
                    .withNewSpec()
                    .addNewDriver()
                    .withName(DRIVER)
                    .withNodeID(node)
                    .endDriver()
                    .endSpec()
                    .build())
            .fieldManager("rbac-it")
            .forceConflicts()
            .serverSideApply();
      }

      try (Provisioner provisioner =
              new Provisioner(sa, csi, ProvisionerSettings.defaults(DRIVER), EventRecorder.NOOP)
                  .start();
          Attacher attacher = new Attacher(sa, csi, DRIVER, 2).start()) {
        var pvc =
            admin
                .resource(
                    new PersistentVolumeClaimBuilder()
                        .withMetadata(
                            new ObjectMetaBuilder().withName("data").withNamespace(ns).build())
                        .withNewSpec()
                        .withStorageClassName("rbac-it")
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .withRequests(Map.of("storage", new Quantity("1Gi")))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        String pvName = "pvc-" + pvc.getMetadata().getUid();
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    "Bound"
                        .equals(
                            admin
                                .persistentVolumeClaims()
                                .inNamespace(ns)
                                .withName("data")
                                .get()
                                .getStatus()
                                .getPhase()));
        admin
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("user")
                    .withNamespace(ns)
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("kwok-node-0")
                    .addNewContainer()
                    .withName("app")
                    .withImage("registry.k8s.io/pause:3.10")
                    .endContainer()
                    .addNewVolume()
                    .withName("data")
                    .withNewPersistentVolumeClaim()
                    .withClaimName("data")
                    .endPersistentVolumeClaim()
                    .endVolume()
                    .endSpec()
                    .build())
            .create();
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    admin.storage().v1().volumeAttachments().list().getItems().stream()
                        .anyMatch(
                            va ->
                                pvName.equals(va.getSpec().getSource().getPersistentVolumeName())
                                    && va.getStatus() != null
                                    && Boolean.TRUE.equals(va.getStatus().getAttached())));
        admin.pods().inNamespace(ns).withName("user").withGracePeriod(0).delete();
        admin.persistentVolumeClaims().inNamespace(ns).withName("data").delete();
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> {
                  assertThat(admin.persistentVolumes().withName(pvName).get()).isNull();
                  assertThat(admin.storage().v1().volumeAttachments().list().getItems())
                      .noneMatch(
                          va -> pvName.equals(va.getSpec().getSource().getPersistentVolumeName()));
                  try (var files = Files.list(dir.resolve("state").resolve("volumes"))) {
                    assertThat(files.filter(p -> p.toString().endsWith(".json"))).isEmpty();
                  }
                });
      }
    } finally {
      admin.rbac().clusterRoleBindings().withName(roleName).delete();
      admin.rbac().clusterRoles().withName(roleName).delete();
      admin.storage().v1().storageClasses().withName("rbac-it").delete();
      admin.storage().v1().csiDrivers().withName(DRIVER).delete();
    }
  }

  /** The storage controller's ClusterRole as the chart renders it. */
  static ClusterRole renderedStorageRole(ClusterContext cluster, String ns) {
    Tools.Result out =
        Tools.helm(
                cluster.kubeconfig(),
                "template",
                "capstan",
                ProjectLayout.root().resolve("helm/capstan").toString(),
                "--namespace",
                ns,
                "--set",
                "controllers.storage.enabled=true")
            .orFail("helm template");
    List<HasMetadata> items =
        cluster
            .client()
            .load(new ByteArrayInputStream(out.output().getBytes(StandardCharsets.UTF_8)))
            .items();
    return items.stream()
        .filter(
            i ->
                i instanceof ClusterRole
                    && i.getMetadata().getName().endsWith("storage-csi-controller"))
        .map(ClusterRole.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the chart renders no storage ClusterRole"));
  }
}
