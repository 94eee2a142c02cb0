package dev.capstan.security.status;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.PolicyBindings;
import dev.capstan.security.policy.rules.CompiledPolicy;
import dev.capstan.security.policy.rules.PodValidator;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which running pods a policy would not admit as they are (pure): pods in the namespaces it
 * governs, not exempt by it, not finished, that its rules reject without defaults. It ignores who
 * created the pod (the audit has no requester) and other policies: it answers "does this pod
 * conform to this policy", which is what a policy owner about to switch {@code audit} to {@code
 * enforce} wants to know.
 */
public final class PolicyAudit {

  /** How many pods are named in status; the count covers all. */
  public static final int SAMPLE_SIZE = 5;

  /** The count and the first {@link #SAMPLE_SIZE} pods, as namespace/name in sorted order. */
  public record Result(int violating, List<String> sample) {}

  private PolicyAudit() {}

  public static Result audit(
      PodSecurityPolicy policy,
      CompiledPolicy compiled,
      Collection<Pod> pods,
      Function<String, Map<String, String>> namespaceLabels) {
    List<String> violating = new ArrayList<>();
    for (Pod pod : pods) {
      String namespace = pod.getMetadata().getNamespace();
      if (finished(pod)
          || !PolicyBindings.governs(policy, namespace, namespaceLabels.apply(namespace))
          || PolicyBindings.exemption(policy, namespace, null, pod).isPresent()) {
        continue;
      }
      if (!PodValidator.validate(compiled, pod).isEmpty()) {
        violating.add(namespace + "/" + pod.getMetadata().getName());
      }
    }
    violating.sort(null);
    return new Result(
        violating.size(),
        List.copyOf(violating.subList(0, Math.min(SAMPLE_SIZE, violating.size()))));
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
