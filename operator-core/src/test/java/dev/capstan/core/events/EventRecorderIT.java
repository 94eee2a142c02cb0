package dev.capstan.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deduplication against the real API server: one Event object with a series, not many objects. */
@CapstanCluster
class EventRecorderIT {

  @Test
  void repeatedEventsBecomeOneEventWithASeries(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    ConfigMap regarding =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .withNamespace(cluster.namespace())
                    .endMetadata()
                    .build())
            .create();
    KubernetesEventRecorder recorder =
        new KubernetesEventRecorder(
            client, "capstan.dev/operator-core-it", "it_0001", Clock.systemUTC());
    EventDetails stalled =
        EventDetails.warning("ProgressDeadlineExceeded", "Rollout", "The rollout is stuck");

    recorder.record(regarding, stalled);
    recorder.record(regarding, stalled);
    recorder.record(regarding, stalled);
    recorder.record(regarding, EventDetails.normal("Available", "Rollout", "All pods available"));

    List<Event> events = eventsAbout(client, cluster.namespace(), regarding);
    assertThat(events).hasSize(2);
    Event series = only(events, "ProgressDeadlineExceeded");
    assertThat(series.getSeries()).isNotNull();
    assertThat(series.getSeries().getCount()).isEqualTo(3);
    assertThat(Instant.parse(series.getSeries().getLastObservedTime().getTime()))
        .isAfterOrEqualTo(Instant.parse(series.getEventTime().getTime()));
    assertThat(series.getType()).isEqualTo("Warning");
    assertThat(series.getAction()).isEqualTo("Rollout");
    assertThat(series.getNote()).isEqualTo("The rollout is stuck");
    assertThat(series.getReportingController()).isEqualTo("capstan.dev/operator-core-it");
    assertThat(series.getReportingInstance()).isEqualTo("it_0001");
    assertThat(series.getRegarding().getUid()).isEqualTo(regarding.getMetadata().getUid());
    Event single = only(events, "Available");
    assertThat(single.getSeries()).isNull();
    assertThat(single.getType()).isEqualTo("Normal");

    // kubectl get events reads the core/v1 view of the same object: it sees the series too.
    io.fabric8.kubernetes.api.model.Event legacy =
        client
            .v1()
            .events()
            .inNamespace(cluster.namespace())
            .withName(series.getMetadata().getName())
            .get();
    assertThat(legacy.getSeries().getCount()).isEqualTo(3);
  }

  @Test
  void aDeletedEventIsRecreatedInsteadOfPatched(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    ConfigMap regarding =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("gone")
                    .withNamespace(cluster.namespace())
                    .endMetadata()
                    .build())
            .create();
    KubernetesEventRecorder recorder =
        new KubernetesEventRecorder(
            client, "capstan.dev/operator-core-it", "it_0002", Clock.systemUTC());
    EventDetails details = EventDetails.normal("Available", "Rollout", "ready");

    recorder.record(regarding, details);
    client.resources(Event.class).inNamespace(cluster.namespace()).delete();
    recorder.record(regarding, details);

    List<Event> events = eventsAbout(client, cluster.namespace(), regarding);
    assertThat(events).singleElement().satisfies(e -> assertThat(e.getSeries()).isNull());
  }

  private static List<Event> eventsAbout(KubernetesClient client, String namespace, ConfigMap cm) {
    return client.resources(Event.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> cm.getMetadata().getUid().equals(e.getRegarding().getUid()))
        .toList();
  }

  private static Event only(List<Event> events, String reason) {
    return events.stream().filter(e -> reason.equals(e.getReason())).findFirst().orElseThrow();
  }
}
