package dev.capstan.crds.workloads.v1alpha1;

/** The native workload an Application runs as. */
public enum WorkloadKind {
  /** Stateless replicas behind a rolling update. */
  Deployment,
  /** Replicas with stable names and per-replica storage, started and updated in order. */
  StatefulSet,
  /** One pod on every node that matches the node selector. */
  DaemonSet,
  /** Pods that run to completion once. */
  Job,
  /** A Job started on a schedule. */
  CronJob
}
