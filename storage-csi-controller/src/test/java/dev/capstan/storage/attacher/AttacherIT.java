package dev.capstan.storage.attacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.Provisioner;
import dev.capstan.storage.provisioner.ProvisionerSettings;
import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KCM's attach/detach controller creates a VolumeAttachment for a pod on a kwok node; the attacher
 * publishes the volume on the test driver and marks it attached; the pod's deletion detaches it.
 */
@CapstanCluster
class AttacherIT {

  static final String DRIVER = "attacher-it.csi.capstan.dev";
  static final List<String> NODES = List.of("kwok-node-0", "kwok-node-1");
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();

  static Path dir;
  static TestCsiDriver driver;
  static CsiClient csi;
  static Provisioner provisioner;
  static Attacher attacher;
  static KubernetesClient client;
  static String ns;

  @BeforeAll
  static void start(ClusterContext cluster) throws IOException {
    client = cluster.client();
    ns = cluster.namespace();
    dir = Files.createTempDirectory("attacher-it");
    driver =
        TestCsiDriver.start(
            "--endpoint=unix://" + dir.resolve("csi.sock"),
            "--statedir=" + dir.resolve("state"),
            "--drivername=" + DRIVER,
            "--node-id=kwok-node-0",
            "--known-nodes=" + String.join(",", NODES),
            "--enable-attach=true");
    for (String node : NODES) {
      client
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
          .fieldManager("attacher-it")
          .forceConflicts()
          .serverSideApply();
    }
    client
        .resource(
            new CSIDriverBuilder()
                .withNewMetadata()
                .withName(DRIVER)
                .endMetadata()
                .withNewSpec()
                .withAttachRequired(true)
                .endSpec()
                .build())
        .forceConflicts()
        .serverSideApply();
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("attacher-it")
                .endMetadata()
                .withProvisioner(DRIVER)
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode("Immediate")
                .build())
        .forceConflicts()
        .serverSideApply();
    csi = CsiClient.connect("unix://" + dir.resolve("csi.sock"), Duration.ofSeconds(10));
    provisioner =
        new Provisioner(client, csi, ProvisionerSettings.defaults(DRIVER), EventRecorder.NOOP)
            .start();
    attacher = new Attacher(client, csi, DRIVER, 4).start();
  }

  @AfterAll
  static void stop() {
    attacher.close();
    provisioner.close();
    csi.close();
    driver.close();
    client.storage().v1().storageClasses().withName("attacher-it").delete();
    client.storage().v1().csiDrivers().withName(DRIVER).delete();
  }

  static JsonNode driverVolume(String name) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("state").resolve("volumes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode v = JSON.readTree(f.toFile());
        if (v.get("name").asText().equals(name)) {
          return v;
        }
      }
    }
    return null;
  }

  static Optional<VolumeAttachment> attachmentOf(String pvName) {
    return client.storage().v1().volumeAttachments().list().getItems().stream()
        .filter(va -> pvName.equals(va.getSpec().getSource().getPersistentVolumeName()))
        .findFirst();
  }

  @Test
  void podOnAKwokNodeGetsItsVolumeAttachedAndDetachedOnDeletion() throws Exception {
    PersistentVolumeClaim pvc =
        client
            .resource(
                new PersistentVolumeClaimBuilder()
                    .withMetadata(
                        new ObjectMetaBuilder().withName("data").withNamespace(ns).build())
                    .withNewSpec()
                    .withStorageClassName("attacher-it")
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
                        client
                            .persistentVolumeClaims()
                            .inNamespace(ns)
                            .withName("data")
                            .get()
                            .getStatus()
                            .getPhase()));

    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("user")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNodeName("kwok-node-1")
                .addNewToleration()
                .withOperator("Exists")
                .endToleration()
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
        .untilAsserted(
            () -> {
              VolumeAttachment va = attachmentOf(pvName).orElseThrow();
              assertThat(va.getSpec().getAttacher()).isEqualTo(DRIVER);
              assertThat(va.getSpec().getNodeName()).isEqualTo("kwok-node-1");
              assertThat(va.getStatus()).isNotNull();
              assertThat(va.getStatus().getAttached()).isTrue();
            });
    VolumeAttachment va = attachmentOf(pvName).orElseThrow();
    assertThat(va.getMetadata().getFinalizers()).contains(Attacher.finalizerFor(DRIVER));
    assertThat(va.getStatus().getAttachmentMetadata()).containsKey("device");
    assertThat(driverVolume(pvName).get("publishedNodes").toString()).contains("kwok-node-1");
    assertThat(client.persistentVolumes().withName(pvName).get().getMetadata().getFinalizers())
        .contains(Attacher.finalizerFor(DRIVER));

    client.pods().inNamespace(ns).withName("user").withGracePeriod(0).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(attachmentOf(pvName)).isEmpty();
              assertThat(driverVolume(pvName).get("publishedNodes").size()).isZero();
            });

    client.persistentVolumeClaims().inNamespace(ns).withName("data").delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(driverVolume(pvName)).isNull();
              assertThat(client.persistentVolumes().withName(pvName).get()).isNull();
            });
  }
}
