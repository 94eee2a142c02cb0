package dev.capstan.storage.backend;

import csi.v1.Csi;
import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.crds.storage.v1alpha1.AttacherOptions;
import dev.capstan.crds.storage.v1alpha1.ProvisionerOptions;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendStatus;
import dev.capstan.storage.attacher.AttacherSettings;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.ProvisionerSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.StatusRuntimeException;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a CSI driver: asks it who it is (GetPluginInfo, GetPluginCapabilities, Probe,
 * ControllerGetCapabilities), publishes the CSIDriver object and StorageClasses by server-side
 * apply (only when they differ: a no-op reconcile writes nothing), runs its provisioner, reports
 * status. Deleting the backend stops the provisioner; volumes and PVs stay.
 *
 * <p>RBAC: storagebackends (get, list, watch, patch for the finalizer), storagebackends/status
 * (patch), csidrivers and storageclasses (get, create, patch, delete), plus what the provisioner
 * uses.
 */
@ControllerConfiguration(
    name = StorageBackendReconciler.NAME,
    fieldManager = StorageBackendReconciler.FIELD_MANAGER)
public class StorageBackendReconciler
    implements ConfigurableReconciler<StorageBackend>, Cleaner<StorageBackend> {

  public static final String NAME = "storagebackend";
  public static final String FIELD_MANAGER = "capstan-storage";

  /** A driver that does not answer is asked again this often. */
  static final Duration UNREACHABLE_RECHECK = Duration.ofSeconds(30);

  /** A ready driver is probed again this often (no write unless its status changes). */
  static final Duration HEALTH_RECHECK = Duration.ofMinutes(1);

  private static final Logger LOGGER = LoggerFactory.getLogger(StorageBackendReconciler.class);

  private final KubernetesClient client;
  private final ProvisionerRegistry registry;
  private final EventRecorder events;
  private final BackendStatus statuses;

  @Inject
  public StorageBackendReconciler(
      KubernetesClient client, ProvisionerRegistry registry, EventRecorder events) {
    this.client = client;
    this.registry = registry;
    this.events = events;
    this.statuses = new BackendStatus(Clock.systemUTC());
  }

  @Override
  public void updateConfigurationFrom(ControllerConfigurationOverrider<StorageBackend> overrider) {
    overrider.withRetry(JitteredRetry.DEFAULT);
  }

  @Override
  public UpdateControl<StorageBackend> reconcile(
      StorageBackend backend, Context<StorageBackend> context) {
    String name = backend.getMetadata().getName();
    ProvisionerOptions options =
        backend.getSpec().getProvisioner() == null
            ? new ProvisionerOptions()
            : backend.getSpec().getProvisioner();
    Duration timeout = Duration.ofSeconds(options.getTimeoutSeconds());
    BackendStatus.DriverInfo info;
    try {
      CsiClient csi = registry.connection(name, backend.getSpec().getEndpoint(), timeout);
      Csi.GetPluginInfoResponse plugin = csi.getPluginInfo();
      List<String> pluginCaps =
          csi.getPluginCapabilities().stream().map(Enum::name).sorted().toList();
      List<String> controllerCaps =
          csi.getControllerCapabilities().stream().map(Enum::name).sorted().toList();
      info =
          new BackendStatus.DriverInfo(
              plugin.getName(), plugin.getVendorVersion(), pluginCaps, controllerCaps);
      if (!csi.probe()) {
        write(
            backend,
            statuses.notReadyYet(
                backend, info, "driver " + info.name() + " reports not ready (Probe)"),
            context);
        return UpdateControl.<StorageBackend>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
      }
    } catch (StatusRuntimeException e) {
      String message =
          "CSI endpoint "
              + backend.getSpec().getEndpoint()
              + " does not answer: "
              + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : " " + e.getStatus().getDescription());
      registry.stop(name);
      stall(backend, "EndpointUnreachable", message, context);
      return UpdateControl.<StorageBackend>noUpdate().rescheduleAfter(UNREACHABLE_RECHECK);
    }
    CSIDriver desiredDriver = DesiredStorageObjects.csiDriver(backend, info.name());
    CSIDriver existingDriver = client.storage().v1().csiDrivers().withName(info.name()).get();
    if (existingDriver != null
        && !Objects.equals(
            existingDriver.getSpec().getAttachRequired(),
            desiredDriver.getSpec().getAttachRequired())) {
      stall(
          backend,
          "AttachRequiredImmutable",
          "CSIDriver "
              + info.name()
              + " exists with attachRequired="
              + existingDriver.getSpec().getAttachRequired()
              + "; the field is immutable: delete the CSIDriver object to change it",
          context);
      return UpdateControl.<StorageBackend>noUpdate().rescheduleAfter(UNREACHABLE_RECHECK);
    }
    if (existingDriver == null || !DesiredStorageObjects.matches(existingDriver, desiredDriver)) {
      client.resource(desiredDriver).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    List<String> published = new ArrayList<>();
    for (StorageClass desired : DesiredStorageObjects.storageClasses(backend, info.name())) {
      StorageClass existing =
          client.storage().v1().storageClasses().withName(desired.getMetadata().getName()).get();
      if (existing != null && DesiredStorageObjects.immutablePartDiffers(existing, desired)) {
        // Parameters, provisioner, reclaim policy and binding mode are immutable; existing PVs
        // keep what they were provisioned with, so replacing the class is safe.
        LOGGER.info(
            "replacing StorageClass {} (immutable fields changed)",
            desired.getMetadata().getName());
        client.resource(existing).withGracePeriod(0).delete();
        existing = null;
      }
      if (existing == null || !DesiredStorageObjects.matches(existing, desired)) {
        client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      }
      published.add(desired.getMetadata().getName());
    }
    registry.ensureWorkers(
        name,
        new ProvisionerSettings(
            info.name(),
            options.getVolumeNamePrefix(),
            options.getWorkers(),
            Boolean.TRUE.equals(options.getTopology()),
            Boolean.TRUE.equals(options.getExtraCreateMetadata()),
            Duration.ofMinutes(10)),
        Boolean.FALSE.equals(backend.getSpec().getAttachRequired())
            ? null
            : attacherSettings(backend, info.name(), options.getWorkers()));
    StorageBackendStatus status =
        statuses.ready(backend, info, published, registry.volumeCounts(info.name()));
    if (!status.equals(backend.getStatus())) {
      boolean wasReady =
          backend.getStatus() != null
              && dev.capstan.core.status.Conditions.isTrue(
                  backend.getStatus().getConditions(), "Ready");
      write(backend, status, context);
      if (!wasReady) {
        events.record(
            backend,
            EventDetails.normal(
                "DriverReady",
                "Register",
                "driver " + info.name() + " " + info.vendorVersion() + " registered"));
      }
    }
    // Re-probe a ready driver now and then: a driver that stops answering turns Stalled.
    return UpdateControl.<StorageBackend>noUpdate().rescheduleAfter(HEALTH_RECHECK);
  }

  private void stall(
      StorageBackend backend, String reason, String message, Context<StorageBackend> context) {
    StorageBackendStatus status = statuses.stalled(backend, reason, message);
    if (!status.equals(backend.getStatus())) {
      LOGGER.warn("Stalled: {}", message);
      write(backend, status, context);
      events.record(backend, EventDetails.warning(reason, "Register", message));
    }
  }

  @Override
  public DeleteControl cleanup(StorageBackend backend, Context<StorageBackend> context) {
    registry.stop(backend.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** SSA of the status, cached (JOSDK 5.2.1 does not cache patchStatus; see workloads). */
  /** Attacher options; an object written before the field existed has none: the defaults. */
  static AttacherSettings attacherSettings(StorageBackend backend, String driver, int workers) {
    AttacherOptions options = backend.getSpec().getAttacher();
    Integer seconds = options == null ? null : options.getReconcileSyncSeconds();
    return new AttacherSettings(
        driver,
        workers,
        seconds == null ? AttacherSettings.DEFAULT_RECONCILE_SYNC : Duration.ofSeconds(seconds));
  }

  private static void write(
      StorageBackend backend, StorageBackendStatus status, Context<StorageBackend> context) {
    StorageBackend patch = new StorageBackend();
    patch.setMetadata(new ObjectMetaBuilder().withName(backend.getMetadata().getName()).build());
    patch.setStatus(status);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(backend, patch, context);
  }
}
