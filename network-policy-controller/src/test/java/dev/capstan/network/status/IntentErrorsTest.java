package dev.capstan.network.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventType;
import dev.capstan.core.retry.PermanentReconcileException;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.NamespacePostureStatus;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntentErrorsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private static KubernetesClientException api(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .withNewDetails()
            .withKind("networkpolicies")
            .endDetails()
            .build();
    return new KubernetesClientException(status);
  }

  private static KubernetesClientException terminating() {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                "unable to create new content in namespace x because it is being terminated")
            .withNewDetails()
            .addNewCause()
            .withReason("NamespaceTerminating")
            .withField("metadata.namespace")
            .endCause()
            .endDetails()
            .build());
  }

  private static NamespacePostureStatus ready() {
    NamespacePostureStatus status = new NamespacePostureStatus();
    status.setObservedGeneration(1L);
    status.setPolicyCount(3);
    status.setConditions(
        IntentConditions.of(List.of(), List.of(), "3 NetworkPolicy objects written", 1L, NOW));
    return status;
  }

  @Test
  void anInvalidGeneratedPolicyMakesTheIntentStalledWithTheApiserversReasonAndMessage() {
    // JOSDK hands the reconciler's exception over wrapped.
    Exception error =
        new OperatorException(
            api(
                422,
                "Invalid",
                "NetworkPolicy.networking.k8s.io \"capstan-posture.base.dns\" is invalid: spec..."));

    IntentErrors<NamespacePostureStatus> outcome =
        IntentErrors.of(ready(), NamespacePostureStatus.class, 2L, error, NOW.plusSeconds(60));

    assertThat(outcome.retry()).isFalse();
    NamespacePostureStatus stalled = outcome.status().orElseThrow();
    assertThat(stalled.getObservedGeneration()).isEqualTo(2L);
    assertThat(stalled.getPolicyCount()).as("the rest of the status is kept").isEqualTo(3);
    assertThat(Conditions.isTrue(stalled.getConditions(), Conditions.STALLED)).isTrue();
    assertThat(Conditions.isTrue(stalled.getConditions(), Conditions.READY)).isFalse();
    assertThat(Conditions.find(stalled.getConditions(), Conditions.STALLED).orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("Invalid");
              assertThat(c.getMessage()).contains("capstan-posture.base.dns\" is invalid");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });
    assertThat(outcome.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.WARNING);
              assertThat(e.reason()).isEqualTo("Invalid");
            });
  }

  @Test
  void theSameErrorAgainWritesNothingAndRecordsNothing() {
    Exception error = api(403, "Forbidden", "networkpolicies is forbidden: User cannot patch");
    NamespacePostureStatus stalled =
        IntentErrors.of(ready(), NamespacePostureStatus.class, 1L, error, NOW)
            .status()
            .orElseThrow();

    IntentErrors<NamespacePostureStatus> again =
        IntentErrors.of(stalled, NamespacePostureStatus.class, 1L, error, NOW.plusSeconds(600));

    assertThat(again.retry()).isFalse();
    assertThat(again.status()).isEmpty();
    assertThat(again.events()).isEmpty();
  }

  @Test
  void aFirstStatusIsBuiltWhenThereWasNone() {
    IntentErrors<NamespacePostureStatus> outcome =
        IntentErrors.of(
            null,
            NamespacePostureStatus.class,
            1L,
            new PermanentReconcileException("Unsatisfiable", "cannot be written"),
            NOW);

    assertThat(outcome.status()).isPresent();
    assertThat(Conditions.isTrue(outcome.status().get().getConditions(), Conditions.STALLED))
        .isTrue();
  }

  @Test
  void transientErrorsAreRetriedWithoutAStatus() {
    for (Exception error :
        List.<Exception>of(
            api(409, "Conflict", "the object has been modified"),
            api(500, "InternalError", "etcd timeout"),
            api(429, "TooManyRequests", "slow down"),
            new KubernetesClientException("connection reset"),
            terminating())) {
      IntentErrors<NamespacePostureStatus> outcome =
          IntentErrors.of(ready(), NamespacePostureStatus.class, 1L, error, NOW);
      assertThat(outcome.retry()).as(error.getMessage()).isTrue();
      assertThat(outcome.status()).isEmpty();
      assertThat(outcome.events()).isEmpty();
    }
  }

  @Test
  void writingIntoATerminatingNamespaceIsARaceNotARefusal() {
    assertThat(IntentErrors.classify(new OperatorException(terminating())).permanent()).isFalse();
    assertThat(IntentErrors.classify(new OperatorException(terminating())).reason())
        .isEqualTo("NamespaceTerminating");
    assertThat(IntentErrors.classify(api(403, "Forbidden", "RBAC says no")).permanent()).isTrue();
  }
}
