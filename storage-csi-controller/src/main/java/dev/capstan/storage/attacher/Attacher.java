package dev.capstan.storage.attacher;

import csi.v1.Csi;
import dev.capstan.core.apply.FinalizerPatches;
import dev.capstan.storage.cache.StorageCaches;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * external-attacher for one CSI driver: VolumeAttachments whose {@code spec.attacher} is the driver
 * get ControllerPublishVolume and {@code status.attached}; deleting one calls
 * ControllerUnpublishVolume before its finalizer goes. A driver without PUBLISH_UNPUBLISH_VOLUME is
 * marked attached without a call (upstream's trivial handler).
 */
public final class Attacher implements AutoCloseable {

  public static final String NODE_ID_ANNOTATION = "csi.alpha.kubernetes.io/node-id";
  private static final Logger LOGGER = LoggerFactory.getLogger(Attacher.class);

  private final KubernetesClient client;
  private final CsiClient csi;
  private final String driver;
  private final String finalizer;
  private final boolean publishes;
  private final int workers;
  private static final Duration RESYNC = Duration.ofMinutes(10);

  private final StorageCaches caches;
  private final boolean ownsCaches;
  private final List<AutoCloseable> listeners = new ArrayList<>();
  private SharedIndexInformer<VolumeAttachment> attachments;
  private WorkQueue queue;

  /** An attacher with caches of its own (closed with it); for a single driver and tests. */
  public Attacher(KubernetesClient client, CsiClient csi, String driver, int workers) {
    this(client, new StorageCaches(client, RESYNC), true, csi, driver, workers);
  }

  /** An attacher on the process's shared {@code caches}. */
  public Attacher(
      KubernetesClient client, StorageCaches caches, CsiClient csi, String driver, int workers) {
    this(client, caches, false, csi, driver, workers);
  }

  private Attacher(
      KubernetesClient client,
      StorageCaches caches,
      boolean ownsCaches,
      CsiClient csi,
      String driver,
      int workers) {
    this.client = client;
    this.caches = caches;
    this.ownsCaches = ownsCaches;
    this.csi = csi;
    this.driver = driver;
    this.workers = workers;
    this.finalizer = finalizerFor(driver);
    Set<Csi.ControllerServiceCapability.RPC.Type> caps = csi.getControllerCapabilities();
    this.publishes =
        caps.contains(Csi.ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME);
  }

  /** {@code external-attacher/<driver with every non [a-zA-Z0-9-] replaced by '-'>}. */
  public static String finalizerFor(String driver) {
    return "external-attacher/" + driver.replaceAll("[^a-zA-Z0-9-]", "-");
  }

  public Attacher start() {
    queue = new WorkQueue("attacher", workers, this::sync);
    listeners.add(
        StorageCaches.listen(
            caches.volumes(),
            handler(
                pv -> {
                  if (hasFinalizer(pv) && pv.getMetadata().getDeletionTimestamp() != null) {
                    queue.add("pv/" + pv.getMetadata().getName());
                  }
                }),
            RESYNC));
    attachments = caches.attachments();
    listeners.add(
        StorageCaches.listen(
            attachments,
            handler(
                va -> {
                  if (driver.equals(va.getSpec().getAttacher())) {
                    queue.add("va/" + va.getMetadata().getName());
                  }
                }),
            RESYNC));
    LOGGER.info("attacher for {} started ({} handler)", driver, publishes ? "CSI" : "trivial");
    return this;
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private void sync(String key) {
    String name = key.substring(key.indexOf('/') + 1);
    if (key.startsWith("pv/")) {
      releasePv(name);
      return;
    }
    VolumeAttachment va = attachments.getIndexer().getByKey(name);
    if (va == null) {
      return;
    }
    if (!publishes) {
      if (va.getMetadata().getDeletionTimestamp() == null && !isAttached(va)) {
        patchStatus(name, Map.of("attached", true));
      }
      return;
    }
    if (va.getMetadata().getDeletionTimestamp() != null) {
      detach(va);
    } else if (!isAttached(va)) {
      attach(va);
    }
  }

  private void attach(VolumeAttachment va) {
    String vaName = va.getMetadata().getName();
    String pvName = va.getSpec().getSource().getPersistentVolumeName();
    if (pvName == null) {
      fail(vaName, "attachError", "inline volumes are not supported", null);
      return;
    }
    PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
    if (pv == null || pv.getMetadata().getDeletionTimestamp() != null) {
      throw fail(
          vaName,
          "attachError",
          "persistentvolume " + pvName + " is missing or being deleted",
          null);
    }
    if (!hasFinalizer(pv)) {
      addFinalizer("persistentvolumes", pvName, null);
    }
    String nodeId;
    try {
      nodeId = nodeId(va.getSpec().getNodeName());
    } catch (IllegalStateException e) {
      throw fail(vaName, "attachError", e.getMessage(), null);
    }
    if (va.getMetadata().getFinalizers() == null
        || !va.getMetadata().getFinalizers().contains(finalizer)) {
      addFinalizer("volumeattachments", vaName, nodeId);
    }
    Csi.ControllerPublishVolumeResponse response;
    try {
      response =
          csi.controllerPublishVolume(
              Csi.ControllerPublishVolumeRequest.newBuilder()
                  .setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                  .setNodeId(nodeId)
                  .setVolumeCapability(capability(pv))
                  .putAllVolumeContext(
                      pv.getSpec().getCsi().getVolumeAttributes() == null
                          ? Map.of()
                          : pv.getSpec().getCsi().getVolumeAttributes())
                  .build());
    } catch (StatusRuntimeException e) {
      throw fail(vaName, "attachError", e.getMessage(), e.getStatus().getCode().value());
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("attached", true);
    status.put(
        "attachmentMetadata",
        response.getPublishContextMap().isEmpty() ? null : response.getPublishContextMap());
    status.put("attachError", null);
    patchStatus(vaName, status);
    LOGGER.info("attached {} to node {} ({})", pvName, va.getSpec().getNodeName(), vaName);
  }

  private void detach(VolumeAttachment va) {
    String vaName = va.getMetadata().getName();
    if (va.getMetadata().getFinalizers() == null
        || !va.getMetadata().getFinalizers().contains(finalizer)) {
      return;
    }
    String pvName = va.getSpec().getSource().getPersistentVolumeName();
    PersistentVolume pv = pvName == null ? null : client.persistentVolumes().withName(pvName).get();
    String nodeId;
    try {
      nodeId = nodeId(va.getSpec().getNodeName());
    } catch (IllegalStateException e) {
      Map<String, String> a = va.getMetadata().getAnnotations();
      nodeId = a == null ? null : a.get(NODE_ID_ANNOTATION);
      if (nodeId == null) {
        throw fail(vaName, "detachError", e.getMessage(), null);
      }
    }
    if (pv != null) {
      try {
        csi.controllerUnpublishVolume(
            Csi.ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                .setNodeId(nodeId)
                .build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw fail(vaName, "detachError", e.getMessage(), e.getStatus().getCode().value());
        }
      }
    }
    removeFinalizer("volumeattachments", vaName);
    LOGGER.info("detached {} from node {} ({})", pvName, va.getSpec().getNodeName(), vaName);
    if (pv != null) {
      queue.add("pv/" + pvName);
    }
  }

  /** The PV's attacher finalizer goes once it is being deleted and no attachment uses it. */
  private void releasePv(String pvName) {
    PersistentVolume pv = caches.volumes().getIndexer().getByKey(pvName);
    if (pv == null || !hasFinalizer(pv) || pv.getMetadata().getDeletionTimestamp() == null) {
      return;
    }
    for (VolumeAttachment va : attachments.getIndexer().list()) {
      if (pvName.equals(va.getSpec().getSource().getPersistentVolumeName())) {
        return; // released when that attachment goes
      }
    }
    removeFinalizer("persistentvolumes", pvName);
  }

  private Csi.VolumeCapability capability(PersistentVolume pv) {
    String mode =
        pv.getSpec().getAccessModes().isEmpty()
            ? "ReadWriteOnce"
            : pv.getSpec().getAccessModes().get(0);
    Csi.VolumeCapability.AccessMode.Mode csiMode =
        switch (mode) {
          case "ReadOnlyMany" -> Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_READER_ONLY;
          case "ReadWriteMany" -> Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER;
          default -> Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER;
        };
    Csi.VolumeCapability.Builder cap =
        Csi.VolumeCapability.newBuilder()
            .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(csiMode));
    if ("Block".equals(pv.getSpec().getVolumeMode())) {
      cap.setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance());
    } else {
      Csi.VolumeCapability.MountVolume.Builder mount =
          Csi.VolumeCapability.MountVolume.newBuilder();
      if (pv.getSpec().getCsi().getFsType() != null) {
        mount.setFsType(pv.getSpec().getCsi().getFsType());
      }
      if (pv.getSpec().getMountOptions() != null) {
        mount.addAllMountFlags(pv.getSpec().getMountOptions());
      }
      cap.setMount(mount);
    }
    return cap.build();
  }

  private String nodeId(String nodeName) {
    CSINode csiNode = client.storage().v1().csiNodes().withName(nodeName).get();
    if (csiNode != null) {
      for (var d : csiNode.getSpec().getDrivers()) {
        if (driver.equals(d.getName()) && d.getNodeID() != null) {
          return d.getNodeID();
        }
      }
    }
    throw new IllegalStateException("CSINode " + nodeName + " does not contain driver " + driver);
  }

  private boolean hasFinalizer(HasMetadata o) {
    return o.getMetadata().getFinalizers() != null
        && o.getMetadata().getFinalizers().contains(finalizer);
  }

  private static boolean isAttached(VolumeAttachment va) {
    return va.getStatus() != null && Boolean.TRUE.equals(va.getStatus().getAttached());
  }

  /**
   * Strategic merge patches (FinalizerPatches): no resourceVersion, so the KCM's concurrent writes
   * to the object cause no 409 and no backoff, and only our finalizer is ever added or removed
   * (external-provisioner#1217).
   */
  private void addFinalizer(String plural, String name, String nodeId) {
    String patch =
        nodeId == null
            ? FinalizerPatches.add(finalizer)
            : Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of(
                        "finalizers",
                        List.of(finalizer),
                        "annotations",
                        Map.of(NODE_ID_ANNOTATION, nodeId))));
    patch(plural, name, patch);
  }

  private void removeFinalizer(String plural, String name) {
    try {
      patch(plural, name, FinalizerPatches.remove(finalizer));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private void patch(String plural, String name, String patch) {
    if (plural.equals("persistentvolumes")) {
      client
          .persistentVolumes()
          .withName(name)
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    } else {
      client
          .storage()
          .v1()
          .volumeAttachments()
          .withName(name)
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }
  }

  private void patchStatus(String vaName, Map<String, Object> status) {
    client
        .storage()
        .v1()
        .volumeAttachments()
        .withName(vaName)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
  }

  /** Records attachError/detachError on the VolumeAttachment and returns the exception to throw. */
  private IllegalStateException fail(String vaName, String field, String message, Integer code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (code != null) {
      error.put("errorCode", code);
    }
    try {
      patchStatus(vaName, Map.of(field, error));
    } catch (KubernetesClientException e) {
      LOGGER.debug("could not record {} on {}: {}", field, vaName, e.getMessage());
    }
    return new IllegalStateException(message);
  }

  @Override
  public void close() {
    for (AutoCloseable listener : listeners) {
      try {
        listener.close();
      } catch (Exception e) {
        LOGGER.debug("removing an informer handler failed", e);
      }
    }
    listeners.clear();
    if (queue != null) {
      queue.close();
    }
    if (ownsCaches) {
      caches.close();
    }
  }
}
