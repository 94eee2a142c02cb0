package dev.capstan.core.apply;

import dev.capstan.core.ownership.ChildRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O edge of the immutable-field strategy: call {@link #prepare} with the stored and the
 * desired object before applying. When an immutable field changes it either throws {@link
 * ImmutableFieldChangeException} (→ {@code Stalled}) or deletes the stored object and waits until
 * it is gone, so that the apply that follows creates it anew. Never a crash loop: without changed
 * immutable fields it does nothing and makes no request.
 */
public final class ImmutableChanges {

  private static final Logger LOGGER = LoggerFactory.getLogger(ImmutableChanges.class);

  /** What {@link #prepare} did. */
  public record Outcome(List<String> changedFields, ImmutableChangeStrategy strategy) {
    static final Outcome NOTHING = new Outcome(List.of(), null);

    /** Whether the stored object was deleted so that the apply recreates it. */
    public boolean recreated() {
      return !changedFields.isEmpty();
    }
  }

  private final KubernetesClient client;
  private final Duration deletionTimeout;

  public ImmutableChanges(KubernetesClient client, Duration deletionTimeout) {
    this.client = client;
    this.deletionTimeout = deletionTimeout;
  }

  /** {@link #prepare(HasMetadata, HasMetadata, ImmutableChangeStrategy)} with the defaults. */
  public Outcome prepare(HasMetadata actual, HasMetadata desired) {
    return prepare(actual, desired, null);
  }

  /**
   * @param strategy what to do on a change; {@code null} for {@link
   *     ImmutableChangeStrategy#defaultFor}
   */
  public Outcome prepare(
      HasMetadata actual, HasMetadata desired, ImmutableChangeStrategy strategy) {
    List<String> changed = ImmutableFields.changed(actual, desired);
    if (changed.isEmpty()) {
      return Outcome.NOTHING;
    }
    ChildRef ref = ChildRef.of(desired);
    ImmutableChangeStrategy chosen =
        Objects.requireNonNullElseGet(
            strategy, () -> ImmutableChangeStrategy.defaultFor(ref.group(), ref.kind(), changed));
    if (chosen == ImmutableChangeStrategy.STALL) {
      throw new ImmutableFieldChangeException(ref, changed);
    }
    DeletionPropagation propagation =
        chosen == ImmutableChangeStrategy.RECREATE_KEEPING_DEPENDENTS
            ? DeletionPropagation.ORPHAN
            : DeletionPropagation.BACKGROUND;
    LOGGER.info("Recreating {}: {} changed ({})", ref, changed, chosen);
    deleteAndWait(actual, propagation);
    return new Outcome(changed, chosen);
  }

  private void deleteAndWait(HasMetadata actual, DeletionPropagation propagation) {
    var stored = client.resource(actual);
    try {
      stored.withPropagationPolicy(propagation).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    // Orphaning goes through the garbage collector's orphan finalizer: usually well under a second.
    stored.waitUntilCondition(Objects::isNull, deletionTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
