package dev.capstan.storage.backend;

import dev.capstan.core.events.EventRecorder;
import dev.capstan.storage.attacher.Attacher;
import dev.capstan.storage.attacher.AttacherSettings;
import dev.capstan.storage.cache.StorageCaches;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.Provisioner;
import dev.capstan.storage.provisioner.ProvisionerSettings;
import dev.capstan.storage.provisioner.ProvisioningKeys;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One CSI connection, one provisioner and (attach required) one attacher per StorageBackend, kept
 * across reconciles; replaced when the endpoint or the options change, stopped when the backend
 * goes (volumes stay).
 */
@Singleton
public class ProvisionerRegistry {

  /** What runs for one backend. */
  record Running(
      String endpoint,
      Duration timeout,
      CsiClient csi,
      ProvisionerSettings settings,
      AttacherSettings attacherSettings,
      Provisioner provisioner,
      Attacher attacher) {}

  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final KubernetesClient client;
  private final EventRecorder events;
  private final StorageCaches caches;

  @Inject
  public ProvisionerRegistry(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
    this.caches = new StorageCaches(client, Duration.ofMinutes(10));
  }

  /** The backend's connection, (re)opened if the endpoint or timeout changed. */
  public synchronized CsiClient connection(String backend, String endpoint, Duration timeout) {
    Running r = running.get(backend);
    if (r != null && r.endpoint().equals(endpoint) && r.timeout().equals(timeout)) {
      return r.csi();
    }
    stop(backend);
    CsiClient csi = CsiClient.connect(endpoint, timeout);
    running.put(backend, new Running(endpoint, timeout, csi, null, null, null, null));
    return csi;
  }

  /**
   * Starts the provisioner (and, with {@code attacher} settings, the attacher; null when attach is
   * not required) unless they already run with the same settings.
   */
  public synchronized Provisioner ensureWorkers(
      String backend, ProvisionerSettings settings, AttacherSettings attacher) {
    Running r = running.get(backend);
    if (r == null) {
      throw new IllegalStateException("no connection for " + backend);
    }
    if (r.provisioner() != null
        && settings.equals(r.settings())
        && Objects.equals(attacher, r.attacherSettings())) {
      return r.provisioner();
    }
    stopWorkers(r);
    Provisioner p = new Provisioner(client, caches, r.csi(), settings, events).start();
    Attacher a = attacher == null ? null : new Attacher(client, caches, r.csi(), attacher).start();
    running.put(backend, new Running(r.endpoint(), r.timeout(), r.csi(), settings, attacher, p, a));
    return p;
  }

  private static void stopWorkers(Running r) {
    if (r.provisioner() != null) {
      r.provisioner().close();
    }
    if (r.attacher() != null) {
      r.attacher().close();
    }
  }

  /**
   * PVs the driver provisioned ({@code pv.kubernetes.io/provisioned-by}) and its attached
   * VolumeAttachments, from the shared caches: what exists in the cluster, whichever process
   * created it.
   */
  BackendStatus.VolumeCounts volumeCounts(String driverName) {
    int provisioned = 0;
    for (PersistentVolume pv : caches.volumes().getIndexer().list()) {
      Map<String, String> a = pv.getMetadata().getAnnotations();
      if (a != null && driverName.equals(a.get(ProvisioningKeys.PROVISIONED_BY))) {
        provisioned++;
      }
    }
    int attached = 0;
    for (VolumeAttachment va : caches.attachments().getIndexer().list()) {
      if (driverName.equals(va.getSpec().getAttacher())
          && va.getStatus() != null
          && Boolean.TRUE.equals(va.getStatus().getAttached())) {
        attached++;
      }
    }
    return new BackendStatus.VolumeCounts(provisioned, attached);
  }

  public Optional<Provisioner> provisioner(String backend) {
    return Optional.ofNullable(running.get(backend)).map(Running::provisioner);
  }

  public synchronized void stop(String backend) {
    Running r = running.remove(backend);
    if (r != null) {
      stopWorkers(r);
      r.csi().close();
    }
  }

  @PreDestroy
  synchronized void stopAll() {
    for (String backend : Map.copyOf(running).keySet()) {
      stop(backend);
    }
    caches.close();
  }
}
