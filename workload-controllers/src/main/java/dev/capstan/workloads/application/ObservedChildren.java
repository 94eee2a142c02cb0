package dev.capstan.workloads.application;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;

/**
 * What the informers last saw of an Application's children, as far as status needs it.
 *
 * @param workload the workload of the kind the spec asks for
 * @param service the application's own Service (not a StatefulSet's headless one)
 * @param retainedClaims shared claims the spec no longer names (kept for their data)
 */
public record ObservedChildren(
    Optional<? extends HasMetadata> workload,
    Optional<Service> service,
    List<String> retainedClaims) {

  public static ObservedChildren of(Optional<? extends HasMetadata> workload) {
    return new ObservedChildren(workload, Optional.empty(), List.of());
  }
}
