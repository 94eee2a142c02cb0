package dev.capstan.storage.attacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import csi.v1.Csi;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.Provisioner;
import dev.capstan.storage.provisioner.ProvisionerSettings;
import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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
 * The driver reports PUBLISH_READONLY and LIST_VOLUMES_PUBLISHED_NODES: readonly and the
 * controller-publish secret reach it, and a volume it loses out of band is published again by the
 * reconcile sync (every {@link #RECONCILE_SYNC} here).
 */
@CapstanCluster
class AttacherIT {

  static final String DRIVER = "attacher-it.csi.capstan.dev";
  static final List<String> NODES = List.of("kwok-node-0", "kwok-node-1");
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration RECONCILE_SYNC = Duration.ofSeconds(2);

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
            "--enable-attach=true",
            "--publish-readonly=true",
            "--list-published-nodes=true");
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
    attacher = new Attacher(client, csi, new AttacherSettings(DRIVER, 4, RECONCILE_SYNC)).start();
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

  /** The last ControllerPublishVolume request the driver received for {@code volumeId}. */
  static JsonNode lastPublish(String volumeId) throws IOException {
    Path f = dir.resolve("state").resolve("publish-requests").resolve(volumeId + ".json");
    return Files.exists(f) ? JSON.readTree(f.toFile()) : null;
  }

  static JsonNode driverVolumeById(String volumeId) throws IOException {
    Path f = dir.resolve("state").resolve("volumes").resolve(volumeId + ".json");
    return Files.exists(f) ? JSON.readTree(f.toFile()) : null;
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

  /**
   * A volume made on the driver, a pre-made PV for it (readOnly, controller-publish secret {@code
   * secretName} in the test namespace), a claim bound to it and a pod on {@code node}; returns the
   * volume ID.
   */
  static String staticVolumeUsedByAPod(String name, String secretName, String node) {
    String volumeId =
        csi.createVolume(
                Csi.CreateVolumeRequest.newBuilder()
                    .setName(name + "-" + ns)
                    .addVolumeCapabilities(
                        Csi.VolumeCapability.newBuilder()
                            .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                            .setAccessMode(
                                Csi.VolumeCapability.AccessMode.newBuilder()
                                    .setMode(
                                        Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
                    .build())
            .getVolume()
            .getVolumeId();
    client
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name + "-" + ns)
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName("")
                .withNewCsi()
                .withDriver(DRIVER)
                .withVolumeHandle(volumeId)
                .withReadOnly(true)
                .withVolumeAttributes(Map.of("origin", "static"))
                .withNewControllerPublishSecretRef()
                .withName(secretName)
                .withNamespace(ns)
                .endControllerPublishSecretRef()
                .endCsi()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
                .withNewSpec()
                .withStorageClassName("")
                .withVolumeName(name + "-" + ns)
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
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
                .withClaimName(name)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();
    return volumeId;
  }

  /** Pod, claim and PV go; the attachment is detached on the driver; the volume is deleted. */
  static void removeStaticVolume(String name, String volumeId) {
    String pvName = name + "-" + ns;
    client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(attachmentOf(pvName)).isEmpty();
              assertThat(driverVolumeById(volumeId).get("publishedNodes").size()).isZero();
            });
    client.persistentVolumeClaims().inNamespace(ns).withName(name).delete();
    client.persistentVolumes().withName(pvName).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(client.persistentVolumes().withName(pvName).get()).isNull());
    csi.deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build());
  }

  static Secret publishSecret(String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withStringData(Map.of("user", "admin", "password", "s3cr3t"))
        .build();
  }

  @Test
  void readonlyAndTheControllerPublishSecretReachTheDriverOnceTheSecretExists() throws Exception {
    String volumeId = staticVolumeUsedByAPod("secured", "secured-creds", "kwok-node-0");
    String pvName = "secured-" + ns;

    // No Secret yet: the attachment reports why and is retried.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              VolumeAttachment va = attachmentOf(pvName).orElseThrow();
              assertThat(va.getStatus()).isNotNull();
              assertThat(va.getStatus().getAttachError()).isNotNull();
              assertThat(va.getStatus().getAttachError().getMessage())
                  .contains("failed to load secret")
                  .contains(ns + "/secured-creds");
              assertThat(va.getStatus().getAttached()).isFalse();
            });
    assertThat(lastPublish(volumeId)).isNull();

    client.resource(publishSecret("secured-creds")).create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              VolumeAttachment va = attachmentOf(pvName).orElseThrow();
              assertThat(va.getStatus().getAttached()).isTrue();
              assertThat(va.getStatus().getAttachError()).isNull();
            });
    JsonNode request = lastPublish(volumeId);
    assertThat(request.get("nodeId").asText()).isEqualTo("kwok-node-0");
    assertThat(request.get("readonly").asBoolean()).isTrue();
    assertThat(request.get("accessMode").asText()).isEqualTo("SINGLE_NODE_WRITER");
    assertThat(request.get("secrets").get("user").asText()).isEqualTo("admin");
    assertThat(request.get("secrets").get("password").asText()).isEqualTo("s3cr3t");
    assertThat(request.get("volumeContext").get("origin").asText()).isEqualTo("static");
    assertThat(attachmentOf(pvName).orElseThrow().getMetadata().getAnnotations())
        .containsEntry(Attacher.NODE_ID_ANNOTATION, "kwok-node-0");

    removeStaticVolume("secured", volumeId);
  }

  @Test
  void aVolumeUnpublishedOutOfBandIsPublishedAgainByTheReconcileSync() throws Exception {
    client.resource(publishSecret("drifting-creds")).create();
    String volumeId = staticVolumeUsedByAPod("drifting", "drifting-creds", "kwok-node-1");
    String pvName = "drifting-" + ns;
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(attachmentOf(pvName).orElseThrow().getStatus().getAttached()).isTrue();
              assertThat(driverVolumeById(volumeId).get("publishedNodes").toString())
                  .contains("kwok-node-1");
            });

    assertThat(driver.unpublishOutOfBand(volumeId, "kwok-node-1")).isTrue();
    assertThat(driverVolumeById(volumeId).get("publishedNodes").size()).isZero();

    // Only ControllerPublishVolume puts the node back; the attachment never looked detached.
    long lostAt = System.nanoTime();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(driverVolumeById(volumeId).get("publishedNodes").toString())
                    .contains("kwok-node-1"));
    Duration took = Duration.ofNanos(System.nanoTime() - lostAt);
    System.out.println("out-of-band unpublish repaired after " + took.toMillis() + " ms");
    // One period to notice plus one publish; generous for a loaded 2-core machine.
    assertThat(took).isLessThan(RECONCILE_SYNC.multipliedBy(15));
    assertThat(attachmentOf(pvName).orElseThrow().getStatus().getAttached()).isTrue();

    removeStaticVolume("drifting", volumeId);
  }
}
