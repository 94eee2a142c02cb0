package dev.capstan.storage.attacher;

import csi.v1.Csi;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The reconcile sync's decisions (external-attacher's {@code ReconcileVA}): where the driver says
 * its volumes are published, compared with what the VolumeAttachments say.
 */
public final class PublishedVolumes {

  private PublishedVolumes() {}

  /** One VolumeAttachment of the driver, resolved to the driver's IDs. */
  public record Attachment(String name, String volumeHandle, String nodeId, boolean attached) {}

  /**
   * Volume ID → node IDs it is published to, over every ListVolumes page ({@code page} is called
   * with the starting token, "" first). A driver that hands back the token it was given would loop
   * forever: that is an error.
   */
  public static Map<String, Set<String>> collect(Function<String, Csi.ListVolumesResponse> page) {
    Map<String, Set<String>> published = new HashMap<>();
    String token = "";
    Set<String> seen = new HashSet<>();
    do {
      if (!seen.add(token)) {
        throw new IllegalStateException("ListVolumes returned next_token " + token + " again");
      }
      Csi.ListVolumesResponse response = page.apply(token);
      for (Csi.ListVolumesResponse.Entry e : response.getEntriesList()) {
        published
            .computeIfAbsent(e.getVolume().getVolumeId(), k -> new HashSet<>())
            .addAll(e.getStatus().getPublishedNodeIdsList());
      }
      token = response.getNextToken();
    } while (!token.isEmpty());
    return published;
  }

  /**
   * The attachments whose {@code status.attached} disagrees with the driver: marked attached but
   * not published to their node (re-attach), or published while not marked attached (attach or
   * detach again). They are processed again even though their status looks settled.
   */
  public static List<String> drifted(
      Map<String, Set<String>> published, Collection<Attachment> attachments) {
    List<String> drifted = new ArrayList<>();
    for (Attachment a : attachments) {
      boolean isPublished = published.getOrDefault(a.volumeHandle(), Set.of()).contains(a.nodeId());
      if (isPublished != a.attached()) {
        drifted.add(a.name());
      }
    }
    return drifted;
  }
}
