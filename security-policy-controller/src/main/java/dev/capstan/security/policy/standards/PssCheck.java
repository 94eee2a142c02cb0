package dev.capstan.security.policy.standards;

import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * One Pod Security Standards check, as {@code kubernetes/pod-security-admission} defines it.
 *
 * @param id the upstream check ID, e.g. {@code capabilities_restricted}
 * @param level the lowest level the check belongs to
 * @param since the first version that has the check
 * @param revisions versions where the check changed (first is {@code since})
 * @param overrides check IDs this check replaces when both apply (a stricter form of them)
 * @param rule the check at a version
 */
public record PssCheck(
    String id,
    PodSecurityLevel level,
    int since,
    List<Integer> revisions,
    List<String> overrides,
    Rule rule) {

  /** The check's findings for a pod at a version. */
  @FunctionalInterface
  public interface Rule {
    List<Finding> check(Pod pod, PssVersion version);
  }

  /** A failed check at one field. */
  public record Finding(String field, String reason, String detail) {}

  public boolean appliesAt(PssVersion version) {
    return version.atLeast(since);
  }
}
