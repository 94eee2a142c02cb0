package dev.capstan.core.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records events.k8s.io/v1 Events about objects, for what a cluster operator should see: state
 * transitions and problems, not every reconcile. Implementations never throw into the caller.
 */
public interface EventRecorder {

  /** Records nothing; for tests and for code paths without a cluster. */
  EventRecorder NOOP = (regarding, details) -> {};

  /** Records {@code details} about {@code regarding}; errors are logged and dropped. */
  void record(HasMetadata regarding, EventDetails details);
}
