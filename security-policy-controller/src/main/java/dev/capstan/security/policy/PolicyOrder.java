package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import java.util.Comparator;

/** The deterministic policy order: higher spec.priority first, then name in byte order. */
public final class PolicyOrder {

  public static final Comparator<PodSecurityPolicy> COMPARATOR =
      Comparator.comparingInt(PolicyOrder::priority).reversed().thenComparing(PolicyOrder::name);

  private PolicyOrder() {}

  static int priority(PodSecurityPolicy p) {
    return p.getSpec() == null || p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority();
  }

  static String name(PodSecurityPolicy p) {
    return p.getMetadata() == null || p.getMetadata().getName() == null
        ? ""
        : p.getMetadata().getName();
  }
}
