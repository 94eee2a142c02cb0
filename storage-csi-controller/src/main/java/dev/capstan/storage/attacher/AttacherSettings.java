package dev.capstan.storage.attacher;

import java.time.Duration;

/**
 * One driver's attacher options (from its StorageBackend).
 *
 * @param reconcileSync how often VolumeAttachments are compared with the driver's ListVolumes
 *     (external-attacher's {@code --reconcile-sync}); only used if the driver reports LIST_VOLUMES
 *     and LIST_VOLUMES_PUBLISHED_NODES
 */
public record AttacherSettings(String driverName, int workers, Duration reconcileSync) {

  /** external-attacher's default period. */
  public static final Duration DEFAULT_RECONCILE_SYNC = Duration.ofMinutes(1);

  public static AttacherSettings defaults(String driverName, int workers) {
    return new AttacherSettings(driverName, workers, DEFAULT_RECONCILE_SYNC);
  }
}
