package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;

/**
 * Whether a requester may {@code use} a policy in a namespace: the PodSecurityPolicy-compatible
 * RBAC binding, for policies with {@code binding.rbacUse}. The webhook backs it with cached
 * SubjectAccessReviews ({@code verb=use}, group security.capstan.dev, resource podsecuritypolicies,
 * the policy's name, the pod's namespace — so a RoleBinding grants use in its namespace only and a
 * ClusterRoleBinding everywhere). The engine asks lazily: only for policies that would admit the
 * pod, and for the closest failing one when it explains a denial.
 */
@FunctionalInterface
public interface UseAuthorizer {

  boolean canUse(PodSecurityPolicy policy, String namespace, Requester requester);

  /** Grants nothing: RBAC-bound policies are unusable. */
  UseAuthorizer NONE = (policy, namespace, requester) -> false;
}
