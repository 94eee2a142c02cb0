package dev.capstan.storage.provisioner;

import csi.v1.Csi;
import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.storage.cache.StorageCaches;
import dev.capstan.storage.csi.CsiClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * external-provisioner for one CSI driver: watches claims whose storage-provisioner annotation
 * names the driver, calls CreateVolume and saves the PV; deletes the volume of a Released PV with
 * policy Delete. One work-queue key per claim ({@code claim/<ns>/<name>}) and per PV ({@code
 * pv/<name>}).
 */
public final class Provisioner implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Provisioner.class);

  final KubernetesClient client;
  final CsiClient csi;
  final ProvisionerSettings settings;
  final EventRecorder events;
  final Set<Csi.PluginCapability.Service.Type> pluginCapabilities;
  final Set<Csi.ControllerServiceCapability.RPC.Type> controllerCapabilities;
  final String identity;
  final AtomicLong provisioned = new AtomicLong();
  final AtomicLong deleted = new AtomicLong();

  private final StorageCaches caches;
  private final boolean ownsCaches;
  private final List<AutoCloseable> listeners = new ArrayList<>();
  private WorkQueue claimQueue;
  private WorkQueue volumeQueue;
  private final ClaimProvisioning claimSync;
  private final VolumeDeletion volumeSync;

  /** A provisioner with caches of its own (closed with it); for a single driver and tests. */
  public Provisioner(
      KubernetesClient client, CsiClient csi, ProvisionerSettings settings, EventRecorder events) {
    this(client, new StorageCaches(client, settings.resync()), true, csi, settings, events);
  }

  /**
   * Reads the driver's capabilities (GetPluginCapabilities, ControllerGetCapabilities) once; uses
   * the process's shared {@code caches}.
   */
  public Provisioner(
      KubernetesClient client,
      StorageCaches caches,
      CsiClient csi,
      ProvisionerSettings settings,
      EventRecorder events) {
    this(client, caches, false, csi, settings, events);
  }

  private Provisioner(
      KubernetesClient client,
      StorageCaches caches,
      boolean ownsCaches,
      CsiClient csi,
      ProvisionerSettings settings,
      EventRecorder events) {
    this.client = client;
    this.caches = caches;
    this.ownsCaches = ownsCaches;
    this.csi = csi;
    this.settings = settings;
    this.events = events;
    this.pluginCapabilities = csi.getPluginCapabilities();
    this.controllerCapabilities = csi.getControllerCapabilities();
    this.identity =
        System.currentTimeMillis()
            + "-"
            + (new SecureRandom().nextInt(9000) + 1000)
            + "-"
            + settings.driverName();
    this.claimSync = new ClaimProvisioning(this);
    this.volumeSync = new VolumeDeletion(this);
  }

  public Provisioner start() {
    if (!controllerCapabilities.contains(
        Csi.ControllerServiceCapability.RPC.Type.CREATE_DELETE_VOLUME)) {
      throw new IllegalStateException(
          "driver " + settings.driverName() + " does not support CREATE_DELETE_VOLUME");
    }
    claimQueue = new WorkQueue("provisioner-claims", settings.workers(), claimSync::sync);
    volumeQueue = new WorkQueue("provisioner-volumes", settings.workers(), volumeSync::sync);
    caches.classes();
    listeners.add(
        StorageCaches.listen(caches.volumes(), handler(this::volumeChanged), settings.resync()));
    listeners.add(
        StorageCaches.listen(caches.claims(), handler(this::claimChanged), settings.resync()));
    LOGGER.info("provisioner for {} started (identity {})", settings.driverName(), identity);
    return this;
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      java.util.function.Consumer<T> changed) {
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

  private void claimChanged(PersistentVolumeClaim pvc) {
    if (isOurs(pvc) || hasInFlightFinalizer(pvc)) {
      claimQueue.add(claimKey(pvc));
    }
  }

  private void volumeChanged(PersistentVolume pv) {
    Map<String, String> a = pv.getMetadata().getAnnotations();
    if (a != null && settings.driverName().equals(a.get(ProvisioningKeys.PROVISIONED_BY))) {
      volumeQueue.add("pv/" + pv.getMetadata().getName());
    }
  }

  boolean isOurs(PersistentVolumeClaim pvc) {
    Map<String, String> a = pvc.getMetadata().getAnnotations();
    if (a == null) {
      return false;
    }
    String p =
        a.getOrDefault(
            ProvisioningKeys.STORAGE_PROVISIONER, a.get(ProvisioningKeys.BETA_STORAGE_PROVISIONER));
    return settings.driverName().equals(p);
  }

  static boolean hasInFlightFinalizer(PersistentVolumeClaim pvc) {
    return pvc.getMetadata().getFinalizers() != null
        && pvc.getMetadata().getFinalizers().contains(ProvisioningKeys.PVC_IN_FLIGHT_FINALIZER);
  }

  static String claimKey(PersistentVolumeClaim pvc) {
    return "claim/" + pvc.getMetadata().getNamespace() + "/" + pvc.getMetadata().getName();
  }

  PersistentVolumeClaim cachedClaim(String namespace, String name) {
    return caches.claims().getIndexer().getByKey(namespace + "/" + name);
  }

  PersistentVolume cachedVolume(String name) {
    return caches.volumes().getIndexer().getByKey(name);
  }

  StorageClass cachedClass(String name) {
    return caches.classes().getIndexer().getByKey(name);
  }

  boolean supports(Csi.ControllerServiceCapability.RPC.Type type) {
    return controllerCapabilities.contains(type);
  }

  boolean topologyEnabled() {
    return settings.topology()
        && pluginCapabilities.contains(
            Csi.PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS);
  }

  void event(HasMetadata regarding, EventDetails details) {
    events.record(regarding, details);
  }

  /** Volumes this process created and saved as PVs; volumes it deleted. */
  public long provisionedCount() {
    return provisioned.get();
  }

  public long deletedCount() {
    return deleted.get();
  }

  public ProvisionerSettings settings() {
    return settings;
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
    if (claimQueue != null) {
      claimQueue.close();
      volumeQueue.close();
    }
    if (ownsCaches) {
      caches.close();
    }
  }
}
