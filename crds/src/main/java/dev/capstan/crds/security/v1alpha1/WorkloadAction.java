package dev.capstan.crds.security.v1alpha1;

/**
 * What an enforce policy does with a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob) whose pod template it would reject. The constants are lower case because they are the
 * API's values.
 */
public enum WorkloadAction {
  /** Admit the workload with warnings; its pods are rejected when they are created. */
  warn,
  /** Reject the workload itself, so the mistake surfaces at apply time. */
  deny
}
