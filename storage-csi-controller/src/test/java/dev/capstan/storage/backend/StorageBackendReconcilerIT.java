package dev.capstan.storage.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.storage.v1alpha1.ProvisionerOptions;
import dev.capstan.crds.storage.v1alpha1.ReclaimPolicy;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendSpec;
import dev.capstan.crds.storage.v1alpha1.StorageClassTemplate;
import dev.capstan.crds.storage.v1alpha1.VolumeBindingMode;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The storage controller (Quarkus, in this JVM) registers the test CSI driver and provisions. */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class StorageBackendReconcilerIT {

  static final String DRIVER = "backend-it.csi.capstan.dev";
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static KubernetesClient client;
  static String ns;
  static Path dir;
  static TestCsiDriver driver;

  @BeforeAll
  static void start() throws Exception {
    client = SharedCluster.get().newClient();
    ns = TestNamespaces.uniqueName("storage-backend-it");
    TestNamespaces.create(client, ns);
    dir = Files.createTempDirectory("backend-it");
    driver =
        TestCsiDriver.start(
            "--endpoint=unix://" + dir.resolve("csi.sock"),
            "--statedir=" + dir.resolve("state"),
            "--drivername=" + DRIVER);
  }

  @AfterAll
  static void stop() {
    client.resources(StorageBackend.class).withName("it-backend").delete();
    client.resources(StorageBackend.class).withName("it-unreachable").delete();
    TestNamespaces.deleteAndAwait(client, ns);
    driver.close();
    client.close();
  }

  static StorageBackend backend(String name, String endpoint) {
    StorageBackend b = new StorageBackend();
    b.setMetadata(new ObjectMetaBuilder().withName(name).build());
    StorageBackendSpec spec = new StorageBackendSpec();
    spec.setEndpoint(endpoint);
    spec.setAttachRequired(false);
    ProvisionerOptions options = new ProvisionerOptions();
    options.setVolumeNamePrefix("it");
    spec.setProvisioner(options);
    StorageClassTemplate fast = new StorageClassTemplate();
    fast.setName(name + "-fast");
    fast.setParameters(Map.of("tier", "fast"));
    fast.setReclaimPolicy(ReclaimPolicy.Delete);
    StorageClassTemplate late = new StorageClassTemplate();
    late.setName(name + "-late");
    late.setVolumeBindingMode(VolumeBindingMode.WaitForFirstConsumer);
    spec.setStorageClasses(List.of(fast, late));
    b.setSpec(spec);
    return b;
  }

  static Condition condition(String name, String type) {
    StorageBackend b = client.resources(StorageBackend.class).withName(name).get();
    if (b == null || b.getStatus() == null) {
      return null;
    }
    return Conditions.find(b.getStatus().getConditions(), type).orElse(null);
  }

  static long driverVolumesNamed(String name) throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("state").resolve("volumes"))) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(
              p -> {
                try {
                  return Files.readString(p).contains("\"name\":\"" + name + "\"");
                } catch (Exception e) {
                  return false;
                }
              })
          .count();
    }
  }

  @Test
  void registersTheDriverPublishesClassesAndProvisionsWithoutRewritingOnNoOp() throws Exception {
    client.resource(backend("it-backend", "unix://" + dir.resolve("csi.sock"))).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition ready = condition("it-backend", Conditions.READY);
              assertThat(ready).isNotNull();
              assertThat(ready.getStatus()).isEqualTo("True");
            });
    StorageBackend b = client.resources(StorageBackend.class).withName("it-backend").get();
    assertThat(b.getStatus().getDriverName()).isEqualTo(DRIVER);
    assertThat(b.getStatus().getVendorVersion()).isNotBlank();
    assertThat(b.getStatus().getPluginCapabilities()).contains("CONTROLLER_SERVICE");
    assertThat(b.getStatus().getControllerCapabilities()).contains("CREATE_DELETE_VOLUME");
    assertThat(b.getStatus().getObservedGeneration()).isEqualTo(b.getMetadata().getGeneration());
    assertThat(b.getStatus().getStorageClasses())
        .containsExactly("it-backend-fast", "it-backend-late");

    CSIDriver csiDriver = client.storage().v1().csiDrivers().withName(DRIVER).get();
    assertThat(csiDriver.getSpec().getAttachRequired()).isFalse();
    StorageClass fast = client.storage().v1().storageClasses().withName("it-backend-fast").get();
    assertThat(fast.getProvisioner()).isEqualTo(DRIVER);
    assertThat(fast.getParameters()).containsEntry("tier", "fast");
    assertThat(fast.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("capstan-storage"));
    assertThat(
            client
                .storage()
                .v1()
                .storageClasses()
                .withName("it-backend-late")
                .get()
                .getVolumeBindingMode())
        .isEqualTo("WaitForFirstConsumer");

    PersistentVolumeClaim pvc =
        client
            .resource(
                new PersistentVolumeClaimBuilder()
                    .withMetadata(
                        new ObjectMetaBuilder().withName("data").withNamespace(ns).build())
                    .withNewSpec()
                    .withStorageClassName("it-backend-fast")
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources()
                    .withRequests(Map.of("storage", new Quantity("1Gi")))
                    .endResources()
                    .endSpec()
                    .build())
            .create();
    String pvName = "it-" + pvc.getMetadata().getUid();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              PersistentVolumeClaim c =
                  client.persistentVolumeClaims().inNamespace(ns).withName("data").get();
              assertThat(c.getSpec().getVolumeName()).isEqualTo(pvName);
              assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
            });
    assertThat(driverVolumesNamed(pvName)).isEqualTo(1);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(client.events().v1().events().inNamespace(ns).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getRegarding().getName()).isEqualTo("data");
                          assertThat(e.getReason()).isEqualTo("ProvisioningSucceeded");
                          assertThat(e.getNote()).contains(pvName);
                        }));

    // A reconcile that changes nothing writes nothing (an annotation triggers one).
    String classVersion = fast.getMetadata().getResourceVersion();
    String driverVersion = csiDriver.getMetadata().getResourceVersion();
    StorageBackend touched =
        client
            .resources(StorageBackend.class)
            .withName("it-backend")
            .edit(
                x -> {
                  x.getMetadata().setAnnotations(Map.of("touch", "1"));
                  return x;
                });
    await().pollDelay(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> true);
    assertThat(
            client
                .resources(StorageBackend.class)
                .withName("it-backend")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(touched.getMetadata().getResourceVersion());
    assertThat(
            client
                .storage()
                .v1()
                .storageClasses()
                .withName("it-backend-fast")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(classVersion);
    assertThat(
            client
                .storage()
                .v1()
                .csiDrivers()
                .withName(DRIVER)
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(driverVersion);

    // Removing the backend stops its provisioner and leaves the volume.
    client.resources(StorageBackend.class).withName("it-backend").delete();
    await()
        .atMost(TIMEOUT)
        .until(() -> client.resources(StorageBackend.class).withName("it-backend").get() == null);
    assertThat(driverVolumesNamed(pvName)).isEqualTo(1);
    assertThat(client.persistentVolumes().withName(pvName).get()).isNotNull();
  }

  @Test
  void anEndpointThatDoesNotAnswerStallsWithAClearMessage() {
    client
        .resource(backend("it-unreachable", "unix://" + dir.resolve("nobody-here.sock")))
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition stalled = condition("it-unreachable", Conditions.STALLED);
              assertThat(stalled).isNotNull();
              assertThat(stalled.getStatus()).isEqualTo("True");
              assertThat(stalled.getReason()).isEqualTo("EndpointUnreachable");
              assertThat(stalled.getMessage())
                  .contains("nobody-here.sock")
                  .contains("does not answer");
              assertThat(condition("it-unreachable", Conditions.READY).getStatus())
                  .isEqualTo("False");
            });
  }
}
