package dev.capstan.crds.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How volumes are attached for this driver (external-attacher's flags, per driver). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AttacherOptions {

  @JsonPropertyDescription(
      "Every this many seconds, ask the driver (ListVolumes) where its volumes are published and"
          + " attach again any VolumeAttachment marked attached whose volume is not published to its"
          + " node (external-attacher's --reconcile-sync). Only for drivers with LIST_VOLUMES and"
          + " LIST_VOLUMES_PUBLISHED_NODES.")
  @Default("60")
  @Min(1)
  @Max(86400)
  private Integer reconcileSyncSeconds = 60;

  public Integer getReconcileSyncSeconds() {
    return reconcileSyncSeconds;
  }

  public void setReconcileSyncSeconds(Integer reconcileSyncSeconds) {
    this.reconcileSyncSeconds = reconcileSyncSeconds;
  }
}
