package dev.capstan.storage.provisioner;

import io.grpc.Status;

/**
 * What a CreateVolume failure means (external-provisioner {@code checkError}): every error is
 * retried while the claim exists; the split decides what happens once the claim is gone.
 */
public enum ErrorOutcome {
  /** The volume may still be being created: keep asking even if the claim is deleted. */
  IN_BACKGROUND,
  /** The selected node cannot hold the volume: drop selected-node so the scheduler picks again. */
  RESCHEDULE,
  /** A final answer (nothing was created): retry with backoff while the claim exists. */
  FINAL,
  /** A final answer that will not change soon (bad arguments): retry slowly. */
  INFEASIBLE;

  public static ErrorOutcome of(Throwable error, boolean topologyUsed, boolean hasSelectedNode) {
    if (error instanceof InvalidParametersException) {
      return INFEASIBLE;
    }
    Status status = Status.fromThrowable(error);
    if (status.getCode() == Status.Code.UNKNOWN
        && !(error instanceof io.grpc.StatusRuntimeException)
        && !(error instanceof io.grpc.StatusException)) {
      // Not a gRPC answer (API error before the call…): we do not know whether the driver acted.
      return IN_BACKGROUND;
    }
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE, ABORTED -> IN_BACKGROUND;
      case RESOURCE_EXHAUSTED -> topologyUsed && hasSelectedNode ? RESCHEDULE : FINAL;
      case INVALID_ARGUMENT -> INFEASIBLE;
      default -> FINAL;
    };
  }

  /** Whether the driver is known to have created nothing for this request. */
  public boolean isFinal() {
    return this != IN_BACKGROUND;
  }
}
