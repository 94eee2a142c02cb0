package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventType;
import dev.capstan.core.retry.PermanentReconcileException;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorOutcomeTest {

  private final ApplicationStatusFactory factory =
      new ApplicationStatusFactory(
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void transientErrorsAreLeftToTheRetry() {
    ErrorOutcome outcome =
        ErrorOutcome.of(
            ApplicationEventsTest.app(), Optional.empty(), api(503, "ServiceUnavailable"), factory);

    assertThat(outcome.retry()).isTrue();
    assertThat(outcome.status()).isEmpty();
    assertThat(outcome.events()).isEmpty();
  }

  @Test
  void aRejectedChildMakesTheApplicationStalledWithAWarningOnce() {
    Application app = ApplicationEventsTest.app();
    Exception workflowError =
        new AggregatedOperatorException(
            "Exception(s) during workflow execution.",
            Map.of("deploymentdependent", api(422, "Invalid")));

    ErrorOutcome first = ErrorOutcome.of(app, Optional.empty(), workflowError, factory);

    assertThat(first.retry()).isFalse();
    assertThat(first.status()).isPresent();
    var conditions = first.status().orElseThrow().getConditions();
    assertThat(Conditions.isTrue(conditions, Conditions.STALLED)).isTrue();
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isFalse();
    assertThat(Conditions.isTrue(conditions, Conditions.RECONCILING)).isFalse();
    assertThat(Conditions.find(conditions, Conditions.STALLED).orElseThrow().getReason())
        .isEqualTo("Invalid");
    assertThat(first.status().orElseThrow().getObservedGeneration()).isEqualTo(3L);
    assertThat(first.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.WARNING);
              assertThat(e.reason()).isEqualTo("Invalid");
              assertThat(e.note()).isEqualTo("rejected 422");
            });

    // The same error again: the stored status already says so, nothing to write or record.
    app.setStatus(first.status().orElseThrow());
    ErrorOutcome again = ErrorOutcome.of(app, Optional.empty(), workflowError, factory);
    assertThat(again.retry()).isFalse();
    assertThat(again.status()).isEmpty();
    assertThat(again.events()).isEmpty();
  }

  @Test
  void explicitPermanentErrorsKeepTheirReason() {
    ErrorOutcome outcome =
        ErrorOutcome.of(
            ApplicationEventsTest.app(),
            Optional.empty(),
            new PermanentReconcileException("RuntimeClassNotFound", "no RuntimeClass kata"),
            factory);

    assertThat(outcome.status().orElseThrow().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo(Conditions.STALLED);
              assertThat(c.getReason()).isEqualTo("RuntimeClassNotFound");
              assertThat(c.getMessage()).isEqualTo("no RuntimeClass kata");
            });
  }

  private static KubernetesClientException api(int code, String reason) {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(code)
            .withReason(reason)
            .withMessage("rejected " + code)
            .build());
  }
}
