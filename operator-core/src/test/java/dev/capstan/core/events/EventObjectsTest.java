package dev.capstan.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventObjectsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00.123456789Z");

  @Test
  void newEventCarriesEveryFieldTheApiServerRequires() {
    EventKey key =
        new EventKey(
            "workloads.capstan.dev/v1alpha1",
            "Application",
            "shop",
            "web",
            "uid-1",
            EventType.WARNING,
            "ProgressDeadlineExceeded",
            "Rollout",
            "stuck");

    Event event = EventObjects.newEvent(key, "web.abc", "capstan.dev/workloads", "pod-1_ab", NOW);

    assertThat(event.getApiVersion()).isEqualTo("events.k8s.io/v1");
    assertThat(event.getMetadata().getName()).isEqualTo("web.abc");
    assertThat(event.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(event.getEventTime().getTime()).isEqualTo("2026-01-01T10:00:00.123456Z");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(event.getAction()).isEqualTo("Rollout");
    assertThat(event.getNote()).isEqualTo("stuck");
    assertThat(event.getReportingController()).isEqualTo("capstan.dev/workloads");
    assertThat(event.getReportingInstance()).isEqualTo("pod-1_ab");
    assertThat(event.getRegarding().getKind()).isEqualTo("Application");
    assertThat(event.getRegarding().getUid()).isEqualTo("uid-1");
    assertThat(event.getRegarding().getResourceVersion()).isNull();
    assertThat(event.getSeries()).isNull();
  }

  @Test
  void eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() {
    EventKey key = new EventKey("v1", "Node", null, "n1", "u", EventType.NORMAL, "R", "A", "note");
    assertThat(EventObjects.newEvent(key, "n1.1", "c", "i", NOW).getMetadata().getNamespace())
        .isEqualTo("default");
  }

  @Test
  void seriesPatchSetsCountAndLastObservedTime() {
    assertThat(EventObjects.seriesPatch(3, NOW))
        .isEqualTo(
            "{\"series\":{\"count\":3,\"lastObservedTime\":\"2026-01-01T10:00:00.123456Z\"}}");
  }

  @Test
  void namesFollowClientGoAndStayWithinTheLimit() {
    assertThat(EventObjects.name("web", Instant.ofEpochSecond(1, 5)))
        .isEqualTo("web." + Long.toHexString(1_000_000_005L));
    assertThat(EventObjects.name("x".repeat(300), NOW)).hasSize(253).startsWith("xxx");
  }

  @Test
  void notesAreCutToOneKilobyteWithoutSplittingCharacters() {
    String note = "é".repeat(600); // 1200 bytes
    String cut = EventObjects.cutUtf8(note, 1024);
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
    assertThat(cut).isEqualTo("é".repeat(512));
    assertThat(EventObjects.cutUtf8("short", 1024)).isEqualTo("short");
  }

  @Test
  void keysIgnoreTheResourceVersionOfTheRegardingObject() {
    io.fabric8.kubernetes.api.model.Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("ns")
            .withUid("u")
            .withResourceVersion("1")
            .endMetadata()
            .build();
    EventDetails details = EventDetails.normal("Ready", "Rollout", "ok");
    EventKey before = EventKey.of(pod, details);
    pod.getMetadata().setResourceVersion("2");
    assertThat(EventKey.of(pod, details)).isEqualTo(before);
  }
}
