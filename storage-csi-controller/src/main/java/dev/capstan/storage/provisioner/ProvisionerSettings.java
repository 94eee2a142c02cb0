package dev.capstan.storage.provisioner;

import java.time.Duration;

/** One driver's provisioner options (from its StorageBackend). */
public record ProvisionerSettings(
    String driverName,
    String volumeNamePrefix,
    int workers,
    boolean topology,
    boolean extraCreateMetadata,
    Duration resync) {

  public static ProvisionerSettings defaults(String driverName) {
    return new ProvisionerSettings(driverName, "pvc", 10, false, false, Duration.ofMinutes(10));
  }

  public ProvisionerSettings withTopology(boolean on) {
    return new ProvisionerSettings(
        driverName, volumeNamePrefix, workers, on, extraCreateMetadata, resync);
  }

  public ProvisionerSettings withVolumeNamePrefix(String prefix) {
    return new ProvisionerSettings(
        driverName, prefix, workers, topology, extraCreateMetadata, resync);
  }
}
