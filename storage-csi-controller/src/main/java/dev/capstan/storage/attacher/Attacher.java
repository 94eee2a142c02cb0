package dev.capstan.storage.attacher;

import csi.v1.Csi;
import dev.capstan.core.apply.FinalizerPatches;
import dev.capstan.storage.cache.StorageCaches;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.CSINodeDriver;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * external-attacher for one CSI driver: VolumeAttachments whose {@code spec.attacher} is the driver
 * get ControllerPublishVolume and {@code status.attached}; deleting one calls
 * ControllerUnpublishVolume before its finalizer goes. A driver without PUBLISH_UNPUBLISH_VOLUME is
 * marked attached without a call (upstream's trivial handler). A driver with LIST_VOLUMES and
 * LIST_VOLUMES_PUBLISHED_NODES is asked periodically where its volumes are published; attachments
 * that disagree are processed again (upstream's {@code --reconcile-sync}).
 *
 * <p>The requests are built by {@link PublishRequests} and the comparison by {@link
 * PublishedVolumes}; this class reads the shared caches, calls the driver and writes the API.
 */
public final class Attacher implements AutoCloseable {

  public static final String NODE_ID_ANNOTATION = "csi.alpha.kubernetes.io/node-id";
  private static final Logger LOGGER = LoggerFactory.getLogger(Attacher.class);

  private final KubernetesClient client;
  private final CsiClient csi;
  private final AttacherSettings settings;
  private final String driver;
  private final String finalizer;
  private final DriverFeatures features;
  private static final Duration RESYNC = Duration.ofMinutes(10);

  private final StorageCaches caches;
  private final boolean ownsCaches;
  private final List<AutoCloseable> listeners = new ArrayList<>();

  /**
   * Attachments the reconcile sync found out of step: processed even if their status looks done.
   */
  private final Set<String> forceSync = ConcurrentHashMap.newKeySet();

  private SharedIndexInformer<VolumeAttachment> attachments;
  private SharedIndexInformer<PersistentVolume> volumes;
  private SharedIndexInformer<CSINode> csiNodes;
  private WorkQueue queue;
  private ScheduledExecutorService reconciler;

  /** An attacher with caches of its own (closed with it); for a single driver and tests. */
  public Attacher(KubernetesClient client, CsiClient csi, String driver, int workers) {
    this(client, csi, AttacherSettings.defaults(driver, workers));
  }

  /** An attacher with caches of its own (closed with it); for a single driver and tests. */
  public Attacher(KubernetesClient client, CsiClient csi, AttacherSettings settings) {
    this(client, new StorageCaches(client, RESYNC), true, csi, settings);
  }

  /** An attacher on the process's shared {@code caches}. */
  public Attacher(
      KubernetesClient client, StorageCaches caches, CsiClient csi, AttacherSettings settings) {
    this(client, caches, false, csi, settings);
  }

  private Attacher(
      KubernetesClient client,
      StorageCaches caches,
      boolean ownsCaches,
      CsiClient csi,
      AttacherSettings settings) {
    this.client = client;
    this.caches = caches;
    this.ownsCaches = ownsCaches;
    this.csi = csi;
    this.settings = settings;
    this.driver = settings.driverName();
    this.finalizer = finalizerFor(driver);
    this.features = DriverFeatures.of(csi.getControllerCapabilities());
  }

  /** {@code external-attacher/<driver with every non [a-zA-Z0-9-] replaced by '-'>}. */
  public static String finalizerFor(String driver) {
    return "external-attacher/" + driver.replaceAll("[^a-zA-Z0-9-]", "-");
  }

  public Attacher start() {
    queue = new WorkQueue("attacher", settings.workers(), this::sync);
    volumes = caches.volumes();
    csiNodes = caches.csiNodes();
    listeners.add(
        StorageCaches.listen(
            volumes,
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
    if (features.publishUnpublish() && features.listPublishedNodes()) {
      reconciler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "attacher-reconcile-sync");
                t.setDaemon(true);
                return t;
              });
      long period = settings.reconcileSync().toMillis();
      reconciler.scheduleWithFixedDelay(this::reconcileSync, period, period, TimeUnit.MILLISECONDS);
    }
    LOGGER.info(
        "attacher for {} started ({} handler, reconcile sync {})",
        driver,
        features.publishUnpublish() ? "CSI" : "trivial",
        reconciler == null ? "off" : settings.reconcileSync());
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
    if (!features.publishUnpublish()) {
      if (va.getMetadata().getDeletionTimestamp() == null && !isAttached(va)) {
        patchStatus(name, Map.of("attached", true));
      }
      return;
    }
    boolean forced = forceSync.remove(name);
    if (va.getMetadata().getDeletionTimestamp() != null) {
      detach(va, forced);
    } else if (forced || !isAttached(va)) {
      attach(va);
    }
  }

  /**
   * Compares the attachments with where the driver says each volume is published and queues those
   * that disagree. Attachments whose PV or node ID cannot be resolved are left to their own sync.
   */
  void reconcileSync() {
    try {
      Map<String, Set<String>> published =
          PublishedVolumes.collect(
              token ->
                  csi.listVolumes(
                      Csi.ListVolumesRequest.newBuilder().setStartingToken(token).build()));
      List<PublishedVolumes.Attachment> ours = new ArrayList<>();
      for (VolumeAttachment va : attachments.getIndexer().list()) {
        if (!driver.equals(va.getSpec().getAttacher())) {
          continue;
        }
        String pvName = va.getSpec().getSource().getPersistentVolumeName();
        PersistentVolume pv = pvName == null ? null : volumes.getIndexer().getByKey(pvName);
        Optional<String> nodeId = nodeIdOrAnnotation(va);
        if (pv == null || pv.getSpec().getCsi() == null || nodeId.isEmpty()) {
          continue;
        }
        ours.add(
            new PublishedVolumes.Attachment(
                va.getMetadata().getName(),
                pv.getSpec().getCsi().getVolumeHandle(),
                nodeId.get(),
                isAttached(va)));
      }
      for (String name : PublishedVolumes.drifted(published, ours)) {
        LOGGER.warn(
            "{}: status.attached disagrees with the driver's ListVolumes; processing it again",
            name);
        forceSync.add(name);
        queue.add("va/" + name);
      }
    } catch (RuntimeException e) {
      // Next period tries again; the attachments themselves are not affected.
      LOGGER.warn("reconcile sync for {} failed: {}", driver, e.getMessage());
    }
  }

  private void attach(VolumeAttachment va) {
    String vaName = va.getMetadata().getName();
    String pvName = va.getSpec().getSource().getPersistentVolumeName();
    if (pvName == null) {
      throw fail(vaName, "attachError", "inline volumes are not supported", null);
    }
    PersistentVolume pv = volumes.getIndexer().getByKey(pvName);
    if (pv == null) {
      throw fail(vaName, "attachError", "persistentvolume " + pvName + " not found", null);
    }
    if (pv.getMetadata().getDeletionTimestamp() != null) {
      throw fail(
          vaName, "attachError", "persistentvolume " + pvName + " is marked for deletion", null);
    }
    if (!hasFinalizer(pv)) {
      addFinalizer("persistentvolumes", pvName, null);
    }
    Csi.ControllerPublishVolumeRequest request;
    String nodeId;
    try {
      Map<String, String> secrets = secrets(pv);
      nodeId = nodeId(va.getSpec().getNodeName());
      request = PublishRequests.publish(pv, nodeId, secrets, features);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw fail(vaName, "attachError", e.getMessage(), null);
    }
    if (!hasFinalizer(va) || !nodeId.equals(annotation(va, NODE_ID_ANNOTATION))) {
      addFinalizer("volumeattachments", vaName, nodeId);
    }
    Csi.ControllerPublishVolumeResponse response;
    try {
      response = csi.controllerPublishVolume(request);
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

  /**
   * ControllerUnpublishVolume, then {@code attached=false}, then the finalizer goes (upstream's
   * order: the status is written while the object still exists). {@code forced}: the reconcile sync
   * found the volume still published although our finalizer is gone.
   */
  private void detach(VolumeAttachment va, boolean forced) {
    String vaName = va.getMetadata().getName();
    if (!forced && !hasFinalizer(va)) {
      return;
    }
    String pvName = va.getSpec().getSource().getPersistentVolumeName();
    PersistentVolume pv = pvName == null ? null : volumes.getIndexer().getByKey(pvName);
    String nodeId =
        nodeIdOrAnnotation(va)
            .orElseThrow(
                () ->
                    fail(
                        vaName,
                        "detachError",
                        "CSINode "
                            + va.getSpec().getNodeName()
                            + " does not contain driver "
                            + driver
                            + " and the attachment has no "
                            + NODE_ID_ANNOTATION
                            + " annotation",
                        null));
    // Without the PV the volume handle is unknown; it cannot be gone while we hold its finalizer,
    // so someone removed it by hand: let the attachment go.
    if (pv != null) {
      try {
        csi.controllerUnpublishVolume(PublishRequests.unpublish(pv, nodeId, secrets(pv)));
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw fail(vaName, "detachError", e.getMessage(), null);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw fail(vaName, "detachError", e.getMessage(), e.getStatus().getCode().value());
        }
      }
    }
    if (isAttached(va)
        || va.getStatus() != null
            && (va.getStatus().getDetachError() != null
                || va.getStatus().getAttachmentMetadata() != null)) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("attached", false);
      status.put("attachmentMetadata", null);
      status.put("detachError", null);
      try {
        patchStatus(vaName, status);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    if (hasFinalizer(va)) {
      removeFinalizer("volumeattachments", vaName);
    }
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

  /** The controller-publish Secret's data; a missing Secret is an error the caller retries. */
  private Map<String, String> secrets(PersistentVolume pv) {
    Optional<SecretReference> ref = PublishRequests.secretRef(pv);
    if (ref.isEmpty()) {
      return Map.of();
    }
    String namespace = ref.get().getNamespace();
    String name = ref.get().getName();
    Secret secret;
    try {
      // A live read, as upstream: caching every Secret of the cluster would cost more than the
      // few attachments that name one.
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "failed to load secret \"" + namespace + "/" + name + "\": " + e.getMessage(), e);
    }
    if (secret == null) {
      throw new IllegalStateException(
          "failed to load secret \""
              + namespace
              + "/"
              + name
              + "\" (controllerPublishSecretRef of persistentvolume "
              + pv.getMetadata().getName()
              + "): not found");
    }
    return PublishRequests.secretData(secret);
  }

  /** The node ID from the CSINode cache; no fallback when attaching (as upstream). */
  private String nodeId(String nodeName) {
    CSINode csiNode = csiNodes.getIndexer().getByKey(nodeName);
    if (csiNode == null) {
      throw new IllegalStateException("CSINode " + nodeName + " not found");
    }
    for (CSINodeDriver d : csiNode.getSpec().getDrivers()) {
      if (driver.equals(d.getName()) && d.getNodeID() != null) {
        return d.getNodeID();
      }
    }
    throw new IllegalStateException("CSINode " + nodeName + " does not contain driver " + driver);
  }

  /**
   * For detach and the reconcile sync: the CSINode's node ID, else the one recorded on the
   * attachment when it was attached (the node's driver may be gone, the volume still published).
   */
  private Optional<String> nodeIdOrAnnotation(VolumeAttachment va) {
    try {
      return Optional.of(nodeId(va.getSpec().getNodeName()));
    } catch (IllegalStateException e) {
      return Optional.ofNullable(annotation(va, NODE_ID_ANNOTATION));
    }
  }

  private static String annotation(HasMetadata o, String key) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
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
    if (reconciler != null) {
      reconciler.shutdownNow();
    }
    if (queue != null) {
      queue.close();
    }
    if (ownsCaches) {
      caches.close();
    }
  }
}
