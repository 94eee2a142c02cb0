package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PolicyBinding;
import dev.capstan.crds.security.v1alpha1.PolicyExemptions;
import dev.capstan.crds.security.v1alpha1.PolicySubject;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a policy applies (namespaceSelector), who may use it (subjects, or RBAC {@code use}), and
 * whom it exempts.
 */
public final class PolicyBindings {

  /** The label the apiserver puts on every namespace. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private PolicyBindings() {}

  /** Whether the policy governs the namespace: its namespaceSelector selects it (unset: all). */
  public static boolean governs(
      PodSecurityPolicy policy, String namespace, Map<String, String> labels) {
    PolicyBinding binding = binding(policy);
    if (binding == null || binding.getNamespaceSelector() == null) {
      return true;
    }
    Map<String, String> all = new HashMap<>(labels);
    if (namespace != null) {
      all.putIfAbsent(NAMESPACE_NAME_LABEL, namespace);
    }
    return matches(binding.getNamespaceSelector(), all);
  }

  public static boolean usesRbac(PodSecurityPolicy policy) {
    PolicyBinding binding = binding(policy);
    return binding != null && Boolean.TRUE.equals(binding.getRbacUse());
  }

  /**
   * For a policy bound by subjects (not RBAC): which identity may use it, or empty when none. No
   * subjects means everyone.
   */
  public static Optional<String> subjectMatch(
      PodSecurityPolicy policy, Requester.ServiceAccount sa, UserInfo user) {
    PolicyBinding binding = binding(policy);
    List<PolicySubject> subjects = binding == null ? null : binding.getSubjects();
    if (subjects == null || subjects.isEmpty()) {
      return Optional.of("everyone (no subjects)");
    }
    for (PolicySubject s : subjects) {
      if (s.getKind() == null) {
        continue;
      }
      switch (s.getKind()) {
        case ServiceAccount:
          if (sa != null
              && sa.name().equals(s.getName())
              && sa.namespace().equals(s.getNamespace())) {
            return Optional.of(sa + " (subject)");
          }
          break;
        case User:
          if (user != null && s.getName().equals(user.username())) {
            return Optional.of("user " + user.username() + " (subject)");
          }
          break;
        case Group:
          if (user != null && user.groups().contains(s.getName())) {
            return Optional.of("group " + s.getName() + " (subject)");
          }
          break;
        default:
          break;
      }
    }
    return Optional.empty();
  }

  /**
   * For an RBAC-bound policy: the service account first, then the user, as PodSecurityPolicy asked
   * (either suffices; no service account name means no service account check; no user info means no
   * user check).
   */
  public static Optional<String> rbacMatch(
      PodSecurityPolicy policy,
      String namespace,
      Requester.ServiceAccount sa,
      UserInfo user,
      UseAuthorizer authorizer) {
    if (sa != null && authorizer.canUse(policy, namespace, sa)) {
      return Optional.of(sa + " (RBAC use)");
    }
    if (user != null
        && user.username() != null
        && authorizer.canUse(policy, namespace, new Requester.User(user))) {
      return Optional.of("user " + user.username() + " (RBAC use)");
    }
    return Optional.empty();
  }

  /** The pod's service account, or null when it names none. */
  public static Requester.ServiceAccount serviceAccount(Pod pod, String namespace) {
    if (pod.getSpec() == null) {
      return null;
    }
    String name = pod.getSpec().getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = pod.getSpec().getServiceAccount();
    }
    return name == null || name.isEmpty() ? null : new Requester.ServiceAccount(namespace, name);
  }

  /** namespace, user or runtimeClass when the policy exempts the request; else empty. */
  public static Optional<String> exemption(
      PodSecurityPolicy policy, String namespace, UserInfo user, Pod pod) {
    PolicyExemptions e = policy.getSpec() == null ? null : policy.getSpec().getExemptions();
    if (e == null) {
      return Optional.empty();
    }
    if (e.getNamespaces() != null && namespace != null && e.getNamespaces().contains(namespace)) {
      return Optional.of("namespace");
    }
    if (e.getUsernames() != null
        && user != null
        && user.username() != null
        && e.getUsernames().contains(user.username())) {
      return Optional.of("user");
    }
    String runtimeClass = pod.getSpec() == null ? null : pod.getSpec().getRuntimeClassName();
    if (e.getRuntimeClasses() != null
        && runtimeClass != null
        && e.getRuntimeClasses().contains(runtimeClass)) {
      return Optional.of("runtimeClass");
    }
    return Optional.empty();
  }

  /** metav1.LabelSelector semantics; an empty selector selects everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok;
        switch (r.getOperator()) {
          case "In":
            ok = value != null && values.contains(value);
            break;
          case "NotIn":
            ok = value == null || !values.contains(value);
            break;
          case "Exists":
            ok = labels.containsKey(r.getKey());
            break;
          case "DoesNotExist":
            ok = !labels.containsKey(r.getKey());
            break;
          default:
            ok = false;
        }
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static PolicyBinding binding(PodSecurityPolicy policy) {
    return policy.getSpec() == null ? null : policy.getSpec().getBinding();
  }
}
