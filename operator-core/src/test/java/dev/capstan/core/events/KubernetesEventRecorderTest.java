package dev.capstan.core.events;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class KubernetesEventRecorderTest {

  @Test
  void apiErrorsAreLoggedAndDroppedNeverThrown() {
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:1")
                    .withConnectionTimeout(200)
                    .withRequestTimeout(200)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      KubernetesEventRecorder recorder =
          new KubernetesEventRecorder(unreachable, "capstan.dev/test", "test_1", Clock.systemUTC());
      var pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata();

      assertThatCode(
              () -> {
                recorder.record(pod.build(), EventDetails.warning("Broken", "Test", "first"));
                recorder.record(pod.build(), EventDetails.warning("Broken", "Test", "first"));
                recorder.record(null, EventDetails.normal("Null", "Test", "no object"));
              })
          .doesNotThrowAnyException();
    }
  }
}
