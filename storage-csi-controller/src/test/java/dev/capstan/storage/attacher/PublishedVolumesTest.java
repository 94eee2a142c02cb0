package dev.capstan.storage.attacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.Csi;
import dev.capstan.storage.attacher.PublishedVolumes.Attachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishedVolumesTest {

  static Csi.ListVolumesResponse.Entry entry(String volumeId, String... nodes) {
    return Csi.ListVolumesResponse.Entry.newBuilder()
        .setVolume(Csi.Volume.newBuilder().setVolumeId(volumeId))
        .setStatus(
            Csi.ListVolumesResponse.VolumeStatus.newBuilder()
                .addAllPublishedNodeIds(List.of(nodes)))
        .build();
  }

  @Test
  void collectFollowsNextTokenUntilEmpty() {
    Map<String, Csi.ListVolumesResponse> pages =
        Map.of(
            "",
            Csi.ListVolumesResponse.newBuilder()
                .addEntries(entry("v1", "n1"))
                .addEntries(entry("v2"))
                .setNextToken("2")
                .build(),
            "2",
            Csi.ListVolumesResponse.newBuilder()
                .addEntries(entry("v3", "n1", "n2"))
                .setNextToken("3")
                .build(),
            "3",
            Csi.ListVolumesResponse.newBuilder().build());
    List<String> asked = new ArrayList<>();
    Map<String, Set<String>> published =
        PublishedVolumes.collect(
            token -> {
              asked.add(token);
              return pages.get(token);
            });
    assertThat(asked).containsExactly("", "2", "3");
    assertThat(published)
        .containsOnly(
            Map.entry("v1", Set.of("n1")),
            Map.entry("v2", Set.of()),
            Map.entry("v3", Set.of("n1", "n2")));
  }

  @Test
  void aRepeatedTokenIsAnErrorNotALoop() {
    assertThatThrownBy(
            () ->
                PublishedVolumes.collect(
                    token ->
                        Csi.ListVolumesResponse.newBuilder()
                            .addEntries(entry("v1"))
                            .setNextToken("again")
                            .build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("again");
  }

  /** The decision table: (published to the attachment's node?) × status.attached. */
  @Test
  void driftedAttachmentsAreThoseWhoseStatusDisagreesWithTheDriver() {
    Map<String, Set<String>> published =
        Map.of("v1", Set.of("n1"), "v2", Set.of("n2"), "v3", Set.of());
    List<Attachment> attachments =
        List.of(
            new Attachment("ok-attached", "v1", "n1", true),
            new Attachment("unpublished-out-of-band", "v3", "n1", true),
            new Attachment("published-elsewhere-only", "v2", "n1", true),
            new Attachment("volume-gone", "v9", "n1", true),
            new Attachment("ok-not-yet-attached", "v3", "n2", false),
            new Attachment("published-but-not-marked", "v2", "n2", false));
    assertThat(PublishedVolumes.drifted(published, attachments))
        .containsExactly(
            "unpublished-out-of-band",
            "published-elsewhere-only",
            "volume-gone",
            "published-but-not-marked");
  }

  @Test
  void nothingDriftsWhenTheDriverAgrees() {
    assertThat(
            PublishedVolumes.drifted(
                Map.of("v1", Set.of("n1", "n2")),
                List.of(
                    new Attachment("a", "v1", "n1", true), new Attachment("b", "v1", "n2", true))))
        .isEmpty();
  }
}
