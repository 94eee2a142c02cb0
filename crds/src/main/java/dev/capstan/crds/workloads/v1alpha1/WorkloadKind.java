package dev.capstan.crds.workloads.v1alpha1;

/**
 * The native workload an Application runs as. More kinds are added as the controller learns them.
 */
public enum WorkloadKind {
  /** Stateless replicas behind a rolling update. */
  Deployment
}
