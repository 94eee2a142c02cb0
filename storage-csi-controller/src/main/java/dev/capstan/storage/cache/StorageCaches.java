package dev.capstan.storage.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One informer per resource type for the whole process, shared by every provisioner and attacher (a
 * process serves one StorageBackend per driver, each with both). Without it each of them kept its
 * own watch and cache of all claims and volumes: the same objects decoded and held several times
 * over, which cost the controller CPU per claim and memory per backend.
 *
 * <p>Informers start on first use and block until their cache has synced; a handler added later is
 * first told about every cached object (fabric8 replays the cache), so late starters miss nothing.
 */
public final class StorageCaches implements AutoCloseable {

  private final KubernetesClient client;
  private final long resyncMillis;
  private final List<SharedIndexInformer<?>> started = new ArrayList<>();
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<PersistentVolume> volumes;
  private SharedIndexInformer<StorageClass> classes;
  private SharedIndexInformer<VolumeAttachment> attachments;
  private SharedIndexInformer<CSINode> csiNodes;
  private boolean closed;

  public StorageCaches(KubernetesClient client, Duration resync) {
    this.client = client;
    this.resyncMillis = resync.toMillis();
  }

  /** Claims of all namespaces. */
  public synchronized SharedIndexInformer<PersistentVolumeClaim> claims() {
    if (claims == null) {
      claims =
          start(
              () ->
                  client.persistentVolumeClaims().inAnyNamespace().runnableInformer(resyncMillis));
    }
    return claims;
  }

  public synchronized SharedIndexInformer<PersistentVolume> volumes() {
    if (volumes == null) {
      volumes = start(() -> client.persistentVolumes().runnableInformer(resyncMillis));
    }
    return volumes;
  }

  public synchronized SharedIndexInformer<StorageClass> classes() {
    if (classes == null) {
      classes = start(() -> client.storage().v1().storageClasses().runnableInformer(resyncMillis));
    }
    return classes;
  }

  public synchronized SharedIndexInformer<VolumeAttachment> attachments() {
    if (attachments == null) {
      attachments =
          start(() -> client.storage().v1().volumeAttachments().runnableInformer(resyncMillis));
    }
    return attachments;
  }

  /** CSINodes (node IDs and topology keys per driver): small, one per node, rarely written. */
  public synchronized SharedIndexInformer<CSINode> csiNodes() {
    if (csiNodes == null) {
      csiNodes = start(() -> client.storage().v1().csiNodes().runnableInformer(resyncMillis));
    }
    return csiNodes;
  }

  /**
   * Adds {@code handler} to {@code informer}; closing the result removes it again (a backend's
   * workers stop, the shared cache stays).
   */
  public static <T extends HasMetadata> AutoCloseable listen(
      SharedIndexInformer<T> informer, ResourceEventHandler<T> handler, Duration resync) {
    informer.addEventHandlerWithResyncPeriod(handler, resync.toMillis());
    return () -> informer.removeEventHandler(handler);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> start(
      Supplier<SharedIndexInformer<T>> create) {
    if (closed) {
      throw new IllegalStateException("storage caches are closed");
    }
    SharedIndexInformer<T> informer = create.get();
    started.add(informer);
    informer.run(); // returns once the initial list is in the cache
    return informer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    started.forEach(SharedIndexInformer::close);
    started.clear();
  }
}
