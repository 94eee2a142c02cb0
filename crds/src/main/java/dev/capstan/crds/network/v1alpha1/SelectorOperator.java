package dev.capstan.crds.network.v1alpha1;

/** The operators of a Kubernetes label selector requirement. */
public enum SelectorOperator {
  In,
  NotIn,
  Exists,
  DoesNotExist
}
