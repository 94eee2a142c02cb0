package dev.capstan.storage.backend;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Status for the three outcomes of a reconcile: ready, still starting, stalled. */
final class BackendStatus {

  /** What the driver told us. */
  record DriverInfo(
      String name,
      String vendorVersion,
      List<String> pluginCapabilities,
      List<String> controllerCapabilities) {}

  private final Clock clock;

  BackendStatus(Clock clock) {
    this.clock = clock;
  }

  /** Volumes of the driver that exist now, counted from the informer caches. */
  record VolumeCounts(int provisioned, int attached) {}

  StorageBackendStatus ready(
      StorageBackend backend, DriverInfo info, List<String> classes, VolumeCounts counts) {
    StorageBackendStatus s =
        status(
            backend,
            info,
            classes,
            List.of(
                Conditions.condition(
                    Conditions.READY,
                    true,
                    "DriverReady",
                    "driver "
                        + info.name()
                        + " "
                        + info.vendorVersion()
                        + " answers; provisioner running",
                    gen(backend)),
                Conditions.condition(
                    Conditions.RECONCILING, false, "DriverReady", "", gen(backend)),
                Conditions.condition(Conditions.STALLED, false, "DriverReady", "", gen(backend))));
    s.setProvisionedVolumes(counts.provisioned());
    s.setAttachedVolumes(counts.attached());
    return s;
  }

  StorageBackendStatus notReadyYet(StorageBackend backend, DriverInfo info, String message) {
    return status(
        backend,
        info,
        previousClasses(backend),
        List.of(
            Conditions.condition(Conditions.READY, false, "DriverNotReady", message, gen(backend)),
            Conditions.condition(
                Conditions.RECONCILING, true, "DriverNotReady", message, gen(backend)),
            Conditions.condition(Conditions.STALLED, false, "DriverNotReady", "", gen(backend))));
  }

  StorageBackendStatus stalled(StorageBackend backend, String reason, String message) {
    DriverInfo previous =
        backend.getStatus() == null
            ? null
            : new DriverInfo(
                backend.getStatus().getDriverName(),
                backend.getStatus().getVendorVersion(),
                backend.getStatus().getPluginCapabilities(),
                backend.getStatus().getControllerCapabilities());
    return status(
        backend,
        previous,
        previousClasses(backend),
        List.of(
            Conditions.condition(Conditions.READY, false, reason, message, gen(backend)),
            Conditions.condition(Conditions.RECONCILING, false, reason, "", gen(backend)),
            Conditions.condition(Conditions.STALLED, true, reason, message, gen(backend))));
  }

  private StorageBackendStatus status(
      StorageBackend backend, DriverInfo info, List<String> classes, List<Condition> conditions) {
    StorageBackendStatus s = new StorageBackendStatus();
    s.setObservedGeneration(gen(backend));
    if (info != null) {
      s.setDriverName(info.name());
      s.setVendorVersion(info.vendorVersion());
      s.setPluginCapabilities(new ArrayList<>(info.pluginCapabilities()));
      s.setControllerCapabilities(new ArrayList<>(info.controllerCapabilities()));
    }
    s.setStorageClasses(new ArrayList<>(classes));
    List<Condition> current =
        backend.getStatus() == null ? List.of() : backend.getStatus().getConditions();
    s.setConditions(Conditions.mergeAll(current, conditions, clock.instant()));
    return s;
  }

  private static List<String> previousClasses(StorageBackend backend) {
    return backend.getStatus() == null || backend.getStatus().getStorageClasses() == null
        ? List.of()
        : backend.getStatus().getStorageClasses();
  }

  private static Long gen(StorageBackend backend) {
    return backend.getMetadata().getGeneration();
  }
}
