package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendStatus;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The storage controller's install path in development mode: {@code helm install} (storage enabled,
 * as by default), a CSI driver listening on a unix socket, the controller run as the jar users run
 * and authenticated as the chart's storage ServiceAccount, and a StorageBackend pointing at the
 * socket. Then the whole volume life cycle on the real control plane: the backend Ready with the
 * driver's identity, the CSIDriver and StorageClass published, a claim provisioned and bound by
 * KCM, a pod scheduled onto a kwok node attached by KCM's attach/detach controller through the
 * controller's attacher, detached and deleted on the driver when pod and claim go, the backend's
 * removal stopping its workers, and {@code helm uninstall} leaving only the CRDs.
 */
@CapstanCluster
class StorageInstallIT {

  private static final String RELEASE = "capstan-storage";
  private static final String MODULE = "storage-csi-controller";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Thread names of a backend's workers (WorkQueue and the attacher's reconcile sync). */
  private static final List<String> WORKER_THREADS =
      List.of("provisioner-claims", "provisioner-volumes", "attacher", "attacher-reconcile-sync");

  @Test
  void chartInstalledControllerRunsTheVolumeLifeCycleAndUninstallsCleanly(ClusterContext cluster)
      throws Exception {
    KubernetesClient client = cluster.client();
    String ns = cluster.namespace();
    String suffix = UUID.randomUUID().toString().substring(0, 5);
    String backend = "e2e-storage-" + suffix;
    String driverName = "e2e-" + suffix + ".csi.capstan.dev";
    String storageClass = backend + "-fast";
    String fieldManager = "storage-install-it-" + suffix;
    List<String> nodes =
        client.nodes().withLabel("type", "kwok").list().getItems().stream()
            .map(n -> n.getMetadata().getName())
            .sorted()
            .toList();
    assertThat(nodes).as("kwok nodes").isNotEmpty();

    CsiDriverProcess driver = null;
    LocalController controller = null;
    DevModeRelease release = new DevModeRelease(cluster, RELEASE);
    Tools.Result uninstall;
    try {
      release.install("controllers.workloads.enabled=false", "controllers.network.enabled=false");
      driver =
          CsiDriverProcess.start(
              "--drivername=" + driverName,
              "--node-id=" + nodes.get(0),
              "--known-nodes=" + String.join(",", nodes),
              "--enable-attach=true",
              "--list-published-nodes=true");
      applyDriverOnNodes(client, fieldManager, driverName, nodes);
      controller = LocalController.start(cluster, RELEASE, MODULE, Map.of());
      client
          .resource(
              """
              apiVersion: storage.capstan.dev/v1alpha1
              kind: StorageBackend
              metadata: {name: %s}
              spec:
                endpoint: unix://%s
                attachRequired: true
                storageClasses:
                - {name: %s, volumeBindingMode: Immediate, reclaimPolicy: Delete}
              """
                  .formatted(backend, driver.socket(), storageClass))
          .create();

      // Registered: Ready with the driver's identity, CSIDriver and StorageClass published.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                StorageBackend b = client.resources(StorageBackend.class).withName(backend).get();
                assertThat(b.getStatus()).as("status of %s", backend).isNotNull();
                assertThat(Conditions.isTrue(b.getStatus().getConditions(), Conditions.READY))
                    .as("Ready: %s", b.getStatus().getConditions())
                    .isTrue();
              });
      StorageBackendStatus status =
          client.resources(StorageBackend.class).withName(backend).get().getStatus();
      assertThat(status.getDriverName()).isEqualTo(driverName);
      assertThat(status.getVendorVersion()).isNotBlank();
      assertThat(status.getControllerCapabilities())
          .contains("CREATE_DELETE_VOLUME", "PUBLISH_UNPUBLISH_VOLUME");
      assertThat(status.getStorageClasses()).containsExactly(storageClass);
      String registered = "driver " + driverName + " " + status.getVendorVersion() + " registered";
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(client.events().v1().events().inAnyNamespace().list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getRegarding().getName()).isEqualTo(backend);
                            assertThat(e.getReason()).isEqualTo("DriverReady");
                            assertThat(e.getNote()).isEqualTo(registered);
                          }));
      CSIDriver csiDriver = client.storage().v1().csiDrivers().withName(driverName).get();
      assertThat(csiDriver).as("CSIDriver " + driverName).isNotNull();
      assertThat(csiDriver.getSpec().getAttachRequired()).isTrue();
      StorageClass sc = client.storage().v1().storageClasses().withName(storageClass).get();
      assertThat(sc).as("StorageClass " + storageClass).isNotNull();
      assertThat(sc.getProvisioner()).isEqualTo(driverName);
      assertThat(sc.getVolumeBindingMode()).isEqualTo("Immediate");
      assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");

      // Provisioned by our controller, bound by KCM's PV controller.
      PersistentVolumeClaim claim = createClaim(client, ns, "data", storageClass);
      String pvName = "pvc-" + claim.getMetadata().getUid();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                PersistentVolumeClaim c =
                    client.persistentVolumeClaims().inNamespace(ns).withName("data").get();
                assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
                assertThat(c.getSpec().getVolumeName()).isEqualTo(pvName);
              });
      PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
      assertThat(pv.getMetadata().getAnnotations())
          .containsEntry("pv.kubernetes.io/provisioned-by", driverName);
      assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo(driverName);
      JsonNode volume = driver.volumeNamed(pvName).orElseThrow();
      assertThat(pv.getSpec().getCsi().getVolumeHandle()).isEqualTo(volume.get("id").asText());

      // A pod scheduled onto a kwok node: KCM creates the VolumeAttachment, our attacher attaches.
      client
          .resource(
              """
              apiVersion: v1
              kind: Pod
              metadata: {name: user, namespace: %s}
              spec:
                nodeSelector: {type: kwok}
                containers: [{name: app, image: registry.k8s.io/pause:3.10}]
                volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
              """
                  .formatted(ns))
          .create();
      String node =
          await()
              .atMost(TIMEOUT)
              .until(
                  () ->
                      client.pods().inNamespace(ns).withName("user").get().getSpec().getNodeName(),
                  n -> n != null);
      CsiDriverProcess attachedDriver = driver;
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                VolumeAttachment va = attachmentOf(client, pvName).orElseThrow();
                assertThat(va.getSpec().getAttacher()).isEqualTo(driverName);
                assertThat(va.getSpec().getNodeName()).isEqualTo(node);
                assertThat(va.getStatus()).isNotNull();
                assertThat(va.getStatus().getAttached()).isTrue();
                assertThat(publishedNodes(attachedDriver, pvName)).containsExactly(node);
              });
      assertThat(workerThreads(controller))
          .as("the backend's workers run (so their absence below means something)")
          .contains("attacher-reconcile-sync");

      // The pod goes: detached on the driver. The claim goes: the volume is deleted there.
      client.pods().inNamespace(ns).withName("user").withGracePeriod(0).delete();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(attachmentOf(client, pvName)).isEmpty();
                assertThat(publishedNodes(attachedDriver, pvName)).isEmpty();
              });
      client.persistentVolumeClaims().inNamespace(ns).withName("data").delete();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(attachedDriver.volumeNamed(pvName)).isEmpty();
                assertThat(client.persistentVolumes().withName(pvName).get()).isNull();
              });

      // Removing the backend stops its workers; what it published goes with it (owner refs).
      client.resources(StorageBackend.class).withName(backend).delete();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(client.resources(StorageBackend.class).withName(backend).get()).isNull();
                assertThat(client.storage().v1().csiDrivers().withName(driverName).get()).isNull();
                assertThat(client.storage().v1().storageClasses().withName(storageClass).get())
                    .isNull();
              });
      assertThat(workerThreads(controller)).as("no stray workers").isEmpty();
      assertStrayClaimIsNotProvisioned(client, ns, driver, driverName, storageClass);

      assertThat(controller.process().isAlive())
          .as("the controller keeps running with the chart's RBAC")
          .isTrue();
      assertThat(Files.readString(controller.log()))
          .as(MODULE + "'s log")
          .doesNotContainIgnoringCase("forbidden");
    } finally {
      // While the controller runs, so that a backend left by a failure loses its finalizer.
      client.resources(StorageBackend.class).withName(backend).delete();
      client.storage().v1().storageClasses().withName(storageClass).delete();
      client.pods().inNamespace(ns).withName("user").withGracePeriod(0).delete();
      client.persistentVolumeClaims().inNamespace(ns).withName("stray").delete();
      applyDriverOnNodes(client, fieldManager, null, nodes);
      if (controller != null) {
        controller.stop();
      }
      if (driver != null) {
        driver.stop();
      }
      uninstall = release.uninstall();
    }
    uninstall.orFail("helm uninstall");

    release.assertOnlyCrdsLeft(StorageBackend.CRD_NAME);
  }

  /**
   * The backend is gone, so nothing may provision for its driver any more: a class naming the
   * driver, made by hand, and a claim of it stay unprovisioned.
   */
  private static void assertStrayClaimIsNotProvisioned(
      KubernetesClient client,
      String ns,
      CsiDriverProcess driver,
      String driverName,
      String storageClass)
      throws Exception {
    client
        .resource(
            """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: %s}
            provisioner: %s
            volumeBindingMode: Immediate
            """
                .formatted(storageClass, driverName))
        .create();
    createClaim(client, ns, "stray", storageClass);
    // KCM hands the claim to the external provisioner; a stray provisioner would take it at once.
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                driverName.equals(
                    client
                        .persistentVolumeClaims()
                        .inNamespace(ns)
                        .withName("stray")
                        .get()
                        .getMetadata()
                        .getAnnotations()
                        .get("volume.kubernetes.io/storage-provisioner")));
    // Nothing may happen: checked again and again for 5 s, not once after a sleep.
    await("the stray claim left alone")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("stray").get())
                  .satisfies(c -> assertThat(c.getStatus().getPhase()).isEqualTo("Pending"))
                  .satisfies(
                      c ->
                          assertThat(c.getMetadata().getFinalizers())
                              .as("our provisioner's in-flight finalizer")
                              .doesNotContain("storage.capstan.dev/provisioning"));
              assertThat(driver.volumes()).as("volumes on the driver").isEmpty();
            });
  }

  private static PersistentVolumeClaim createClaim(
      KubernetesClient client, String ns, String name, String storageClass) {
    PersistentVolumeClaim claim =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s, namespace: %s}
                spec:
                  storageClassName: %s
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """
                    .formatted(name, ns, storageClass),
                PersistentVolumeClaim.class);
    return client.resource(claim).create();
  }

  /**
   * What kubelet does when a node plugin registers ({@code driverName}) or goes away (null): this
   * test's CSINode driver entry on each node (the attacher's node ID), server-side applied by the
   * test's own field manager so that other tests' entries stay.
   */
  private static void applyDriverOnNodes(
      KubernetesClient client, String fieldManager, String driverName, List<String> nodes) {
    for (String node : nodes) {
      String drivers =
          driverName == null ? "[]" : "[{name: %s, nodeID: %s}]".formatted(driverName, node);
      client
          .resource(
              """
              apiVersion: storage.k8s.io/v1
              kind: CSINode
              metadata: {name: %s}
              spec: {drivers: %s}
              """
                  .formatted(node, drivers))
          .fieldManager(fieldManager)
          .forceConflicts()
          .serverSideApply();
    }
  }

  private static Optional<VolumeAttachment> attachmentOf(KubernetesClient client, String pvName) {
    return client.storage().v1().volumeAttachments().list().getItems().stream()
        .filter(va -> pvName.equals(va.getSpec().getSource().getPersistentVolumeName()))
        .findFirst();
  }

  private static List<String> publishedNodes(CsiDriverProcess driver, String pvName) {
    JsonNode volume = driver.volumeNamed(pvName).orElseThrow();
    return StreamSupport.stream(volume.path("publishedNodes").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  /** The backend worker threads alive in the controller's JVM (from a jcmd thread dump). */
  private static List<String> workerThreads(LocalController controller) {
    String dump =
        Tools.run(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(controller.process().pid()),
                    "Thread.print"),
                Map.of(),
                Duration.ofMinutes(1))
            .orFail("jcmd Thread.print")
            .output();
    return WORKER_THREADS.stream().filter(name -> dump.contains("\"" + name + "\"")).toList();
  }
}
