package dev.capstan.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {

  @ParameterizedTest(name = "{0} {1} is permanent: {2}")
  @CsvSource({
    "400, BadRequest, true",
    "403, Forbidden, true",
    "405, MethodNotAllowed, true",
    "413, RequestEntityTooLarge, true",
    "415, UnsupportedMediaType, true",
    "422, Invalid, true",
    "401, Unauthorized, false",
    "404, NotFound, false",
    "409, Conflict, false",
    "410, Expired, false",
    "429, TooManyRequests, false",
    "500, InternalError, false",
    "503, ServiceUnavailable, false",
    "504, Timeout, false",
  })
  void apiServerRejectionsArePermanentEverythingElseTransient(
      int code, String reason, boolean permanent) {
    ReconcileError error = ErrorClassifier.classify(api(code, reason, "the server says no"));

    assertThat(error.permanent()).isEqualTo(permanent);
    assertThat(error.reason()).isEqualTo(reason);
    assertThat(error.message()).isEqualTo("the server says no");
  }

  @Test
  void findsTheApiErrorInsideJosdksWorkflowAggregate() {
    Map<String, Exception> failed = new LinkedHashMap<>();
    failed.put("deploymentdependent", new OperatorException(api(422, "Invalid", "bad port name")));
    Exception error =
        new AggregatedOperatorException("Exception(s) during workflow execution.", failed);

    ReconcileError classified = ErrorClassifier.classify(error);

    assertThat(classified.permanent()).isTrue();
    assertThat(classified.reason()).isEqualTo("Invalid");
    assertThat(classified.message()).isEqualTo("bad port name");
  }

  @Test
  void aPermanentErrorAnywhereWinsOverTransientOnes() {
    Map<String, Exception> failed = new LinkedHashMap<>();
    failed.put("a", api(503, "ServiceUnavailable", "busy"));
    failed.put("b", api(403, "Forbidden", "no RBAC"));

    ReconcileError classified =
        ErrorClassifier.classify(new AggregatedOperatorException("x", failed));

    assertThat(classified.permanent()).isTrue();
    assertThat(classified.reason()).isEqualTo("Forbidden");
  }

  @Test
  void anExplicitPermanentExceptionKeepsItsReason() {
    ReconcileError classified =
        ErrorClassifier.classify(
            new RuntimeException(
                new PermanentReconcileException("RuntimeClassNotFound", "no class kata")));

    assertThat(classified)
        .isEqualTo(ReconcileError.permanentError("RuntimeClassNotFound", "no class kata"));
  }

  @Test
  void ioErrorsTimeoutsAndBugsAreTransient() {
    assertThat(
            ErrorClassifier.classify(new KubernetesClientException("io", new IOException("reset")))
                .permanent())
        .isFalse();
    ReconcileError timeout =
        ErrorClassifier.classify(
            new OperatorException(new SocketTimeoutException("read timed out")));
    assertThat(timeout.permanent()).isFalse();
    assertThat(timeout.message()).isEqualTo("SocketTimeoutException: read timed out");
    assertThat(ErrorClassifier.classify(new NullPointerException()).permanent()).isFalse();
  }

  @Test
  void withoutAStatusTheReasonComesFromTheCodeAndMessagesAreOneLine() {
    ReconcileError classified =
        ErrorClassifier.classify(new KubernetesClientException("line one\n  line two", 422, null));

    assertThat(classified.reason()).isEqualTo("Invalid");
    assertThat(classified.message()).isEqualTo("line one line two");
    assertThat(
            ErrorClassifier.classify(new PermanentReconcileException("Long", "x".repeat(5000)))
                .message())
        .hasSize(1024);
  }

  private static KubernetesClientException api(int code, String reason, String message) {
    Status status =
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build();
    return new KubernetesClientException(status);
  }
}
