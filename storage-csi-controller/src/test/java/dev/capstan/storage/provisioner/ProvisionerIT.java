package dev.capstan.storage.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provisioner against the real control plane (KCM's PV controller binds, the scheduler picks
 * nodes for WaitForFirstConsumer, kwok nodes) and the test CSI driver, whose state directory shows
 * what the driver really holds.
 */
@CapstanCluster
class ProvisionerIT {

  static final String DRIVER = "provisioner-it.csi.capstan.dev";
  static final String TOPOLOGY_KEY = "topology.hostpath.csi/node";
  static final List<String> NODES = List.of("kwok-node-0", "kwok-node-1");
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();

  static Path stateDir;
  static TestCsiDriver driver;
  static CsiClient csi;
  static Provisioner provisioner;
  static KubernetesClient client;
  static String ns;

  @BeforeAll
  static void start(ClusterContext cluster) throws IOException {
    client = cluster.client();
    ns = cluster.namespace();
    stateDir = Files.createTempDirectory("provisioner-it");
    Path socket = stateDir.resolve("csi.sock");
    driver =
        TestCsiDriver.start(
            "--endpoint=unix://" + socket,
            "--statedir=" + stateDir.resolve("state"),
            "--drivername=" + DRIVER,
            "--node-id=kwok-node-0",
            "--known-nodes=" + String.join(",", NODES),
            "--topology-key=" + TOPOLOGY_KEY);
    // Without kubelet nobody registers the driver on the nodes: the test does (csi.md §7).
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
                  .withTopologyKeys(TOPOLOGY_KEY)
                  .endDriver()
                  .endSpec()
                  .build())
          .fieldManager("provisioner-it")
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
                .withAttachRequired(false)
                .endSpec()
                .build())
        .forceConflicts()
        .serverSideApply();
    storageClass("it-immediate", "Immediate", "Delete");
    storageClass("it-retain", "Immediate", "Retain");
    storageClass("it-wffc", "WaitForFirstConsumer", "Delete");
    csi = CsiClient.connect("unix://" + socket, Duration.ofSeconds(10));
    provisioner =
        new Provisioner(
                client,
                csi,
                ProvisionerSettings.defaults(DRIVER).withTopology(true),
                EventRecorder.NOOP)
            .start();
  }

  @AfterAll
  static void stop() {
    if (provisioner != null) {
      provisioner.close();
    }
    if (csi != null) {
      csi.close();
    }
    if (driver != null) {
      driver.close();
    }
    for (String sc : List.of("it-immediate", "it-retain", "it-wffc")) {
      client.storage().v1().storageClasses().withName(sc).delete();
    }
    client.storage().v1().csiDrivers().withName(DRIVER).delete();
  }

  static void storageClass(String name, String binding, String reclaim) {
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner(DRIVER)
                .withVolumeBindingMode(binding)
                .withReclaimPolicy(reclaim)
                .withParameters(Map.of("tier", "gold", "csi.storage.k8s.io/fstype", "ext4"))
                .build())
        .forceConflicts()
        .serverSideApply();
  }

  static PersistentVolumeClaim claim(String name, String storageClass) {
    return client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("2Gi")))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  /** The volumes the driver holds, from its state directory. */
  static List<JsonNode> driverVolumes() throws IOException {
    List<JsonNode> volumes = new ArrayList<>();
    try (Stream<Path> files = Files.list(stateDir.resolve("state").resolve("volumes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        volumes.add(JSON.readTree(f.toFile()));
      }
    }
    return volumes;
  }

  static List<JsonNode> driverVolumesNamed(String name) throws IOException {
    return driverVolumes().stream().filter(v -> v.get("name").asText().equals(name)).toList();
  }

  static PersistentVolumeClaim awaitBound(String name) {
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              PersistentVolumeClaim c =
                  client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
              return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
            });
    return client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
  }

  @Test
  void immediateClaimIsBoundToAVolumeTheDriverHoldsAndDeletingItDeletesTheVolume()
      throws IOException {
    PersistentVolumeClaim created = claim("immediate", "it-immediate");
    String pvName = "pvc-" + created.getMetadata().getUid();

    PersistentVolumeClaim bound = awaitBound("immediate");
    assertThat(bound.getSpec().getVolumeName()).isEqualTo(pvName);
    await("in-flight finalizer removed once bound")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                    .persistentVolumeClaims()
                    .inNamespace(ns)
                    .withName("immediate")
                    .get()
                    .getMetadata()
                    .getFinalizers()
                    .stream()
                    .noneMatch(ProvisioningKeys.PVC_IN_FLIGHT_FINALIZER::equals));
    List<JsonNode> held = driverVolumesNamed(pvName);
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("capacityBytes").asLong()).isEqualTo(2L << 30);
    assertThat(held.get(0).get("parameters").get("tier").asText()).isEqualTo("gold");
    assertThat(held.get(0).get("parameters").has("csi.storage.k8s.io/fstype")).isFalse();

    PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
    assertThat(pv.getMetadata().getAnnotations())
        .containsEntry("pv.kubernetes.io/provisioned-by", DRIVER);
    assertThat(pv.getMetadata().getFinalizers()).contains(ProvisioningKeys.PV_FINALIZER);
    assertThat(pv.getSpec().getCsi().getVolumeHandle()).isEqualTo(held.get(0).get("id").asText());
    assertThat(pv.getSpec().getCsi().getFsType()).isEqualTo("ext4");
    assertThat(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()).isNotEmpty();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                !Provisioner.hasInFlightFinalizer(
                    client.persistentVolumeClaims().inNamespace(ns).withName("immediate").get()));

    client.persistentVolumeClaims().inNamespace(ns).withName("immediate").delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(client.persistentVolumes().withName(pvName).get()).isNull();
              assertThat(driverVolumesNamed(pvName)).isEmpty();
            });
  }

  @Test
  void retainKeepsThePvAndTheVolume() throws IOException {
    PersistentVolumeClaim created = claim("retained", "it-retain");
    String pvName = "pvc-" + created.getMetadata().getUid();
    awaitBound("retained");
    PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
    assertThat(pv.getMetadata().getFinalizers()).doesNotContain(ProvisioningKeys.PV_FINALIZER);

    client.persistentVolumeClaims().inNamespace(ns).withName("retained").delete();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                "Released"
                    .equals(
                        client.persistentVolumes().withName(pvName).get().getStatus().getPhase()));
    // Give the provisioner time to (wrongly) act on the Released PV.
    await().pollDelay(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> true);
    assertThat(client.persistentVolumes().withName(pvName).get()).isNotNull();
    assertThat(driverVolumesNamed(pvName)).hasSize(1);
    client.persistentVolumes().withName(pvName).delete();
  }

  @Test
  void waitForFirstConsumerProvisionsOnTheNodeTheSchedulerPicked() throws IOException {
    PersistentVolumeClaim created = claim("wffc", "it-wffc");
    String pvName = "pvc-" + created.getMetadata().getUid();
    // Nothing happens before a pod needs it.
    await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true);
    assertThat(driverVolumesNamed(pvName)).isEmpty();

    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("consumer")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                // Only these nodes have the driver (CSINode); the cluster may have more (CI: 3).
                .withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("kubernetes.io/hostname")
                .withOperator("In")
                .withValues(NODES)
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity()
                .addNewToleration()
                .withOperator("Exists")
                .endToleration()
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName("wffc")
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();

    PersistentVolumeClaim bound = awaitBound("wffc");
    String selected = bound.getMetadata().getAnnotations().get(ProvisioningKeys.SELECTED_NODE);
    assertThat(selected).isIn(NODES);
    List<JsonNode> held = driverVolumesNamed(pvName);
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("topology").get(TOPOLOGY_KEY).asText())
        .as("the volume is where the pod was scheduled")
        .isEqualTo(selected);
    PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
    assertThat(
            pv.getSpec()
                .getNodeAffinity()
                .getRequired()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly(selected);
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Pod pod = client.pods().inNamespace(ns).withName("consumer").get();
              return selected.equals(pod.getSpec().getNodeName());
            });
  }

  @Test
  void claimDeletedWhileCreateVolumeIsInFlightLeaksNothing() throws Exception {
    Files.writeString(stateDir.resolve("state").resolve("create-delay-ms"), "4000");
    try {
      PersistentVolumeClaim created = claim("hasty", "it-immediate");
      String pvName = "pvc-" + created.getMetadata().getUid();
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  Provisioner.hasInFlightFinalizer(
                      client.persistentVolumeClaims().inNamespace(ns).withName("hasty").get()));
      client.persistentVolumeClaims().inNamespace(ns).withName("hasty").delete();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("hasty").get())
                    .isNull();
                assertThat(driverVolumesNamed(pvName)).isEmpty();
                assertThat(client.persistentVolumes().withName(pvName).get()).isNull();
              });
    } finally {
      Files.deleteIfExists(stateDir.resolve("state").resolve("create-delay-ms"));
    }
  }

  @Test
  void provisionerRestartedWhileCreateVolumeIsInFlightNeitherLeaksNorDuplicates() throws Exception {
    Files.writeString(stateDir.resolve("state").resolve("create-delay-ms"), "3000");
    try {
      PersistentVolumeClaim created = claim("restarted", "it-immediate");
      String pvName = "pvc-" + created.getMetadata().getUid();
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  Provisioner.hasInFlightFinalizer(
                      client.persistentVolumeClaims().inNamespace(ns).withName("restarted").get()));
      // Killed mid-CreateVolume; the claim is deleted while no provisioner runs.
      provisioner.close();
      client.persistentVolumeClaims().inNamespace(ns).withName("restarted").delete();
      await().atMost(TIMEOUT).until(() -> driverVolumesNamed(pvName).size() == 1);
      provisioner =
          new Provisioner(
                  client,
                  csi,
                  ProvisionerSettings.defaults(DRIVER).withTopology(true),
                  EventRecorder.NOOP)
              .start();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(
                        client.persistentVolumeClaims().inNamespace(ns).withName("restarted").get())
                    .isNull();
                assertThat(driverVolumesNamed(pvName)).isEmpty();
                assertThat(client.persistentVolumes().withName(pvName).get()).isNull();
              });
    } finally {
      Files.deleteIfExists(stateDir.resolve("state").resolve("create-delay-ms"));
    }
  }
}
