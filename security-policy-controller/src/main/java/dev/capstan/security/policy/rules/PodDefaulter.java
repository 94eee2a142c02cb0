package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.GroupStrategy;
import dev.capstan.crds.security.v1alpha1.RunAsUserStrategy;
import dev.capstan.crds.security.v1alpha1.SeLinuxStrategy;
import dev.capstan.security.policy.pod.ContainerView;
import dev.capstan.security.policy.pod.Effective;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy's defaults, PodSecurityPolicy's {@code MutatePod}: only unset fields are set, never a
 * value the pod chose (validation judges those). Reads the effective value (container over pod),
 * writes the container. Returns the path of every field it set.
 */
public final class PodDefaulter {

  private PodDefaulter() {}

  /**
   * Everything a policy's defaulting depends on, and nothing else: two policies with equal {@code
   * Defaults} default a pod identically, so a mutating decision defaults (and copies) the pod once
   * for all of them (policies built on the same base usually share their defaults).
   *
   * @param supplementalGroup set when unset (MustRunAs), or null
   * @param fsGroup set when unset (MustRunAs), or null
   * @param seLinux set on the pod and containers when unset (MustRunAs), or null
   * @param runAsUser set on containers when unset (MustRunAs), or null
   * @param runAsNonRoot whether containers with neither runAsNonRoot nor runAsUser get
   *     runAsNonRoot=true (MustRunAsNonRoot)
   * @param runAsGroup set on containers when unset (MustRunAs), or null
   * @param allowPrivilegeEscalation set on containers when unset, or null
   */
  public record Defaults(
      Long supplementalGroup,
      Long fsGroup,
      SELinuxOptions seLinux,
      String seccomp,
      String runtimeClass,
      String appArmor,
      Long runAsUser,
      boolean runAsNonRoot,
      Long runAsGroup,
      List<String> addCapabilities,
      List<String> dropCapabilities,
      boolean readOnlyRootFilesystem,
      Boolean allowPrivilegeEscalation) {

    public static Defaults of(CompiledPolicy p) {
      return new Defaults(
          p.supplementalGroupsRule() == GroupStrategy.Rule.MustRunAs
              ? p.supplementalGroupsRanges().get(0).getMin()
              : null,
          p.fsGroupRule() == GroupStrategy.Rule.MustRunAs
              ? p.fsGroupRanges().get(0).getMin()
              : null,
          p.seLinuxRule() == SeLinuxStrategy.Rule.MustRunAs
              ? PodDefaulter.seLinux(p.seLinuxOptions())
              : null,
          p.seccompDefault(),
          p.defaultRuntimeClass(),
          p.appArmorDefault(),
          p.runAsUserRule() == RunAsUserStrategy.Rule.MustRunAs
              ? p.runAsUserRanges().get(0).getMin()
              : null,
          p.runAsUserRule() == RunAsUserStrategy.Rule.MustRunAsNonRoot,
          p.runAsGroupRule() == GroupStrategy.Rule.MustRunAs
              ? p.runAsGroupRanges().get(0).getMin()
              : null,
          List.copyOf(p.defaultAddCapabilities()),
          List.copyOf(p.requiredDropCapabilities()),
          p.requireReadOnlyRootFilesystem(),
          p.defaultAllowPrivilegeEscalation() != null
              ? p.defaultAllowPrivilegeEscalation()
              : (p.allowPrivilegeEscalation() ? null : Boolean.FALSE));
    }

    /** A fresh copy of {@link #seLinux}: no two pods share a mutable value. */
    SELinuxOptions newSeLinux() {
      return new SELinuxOptions(
          seLinux.getLevel(), seLinux.getRole(), seLinux.getType(), seLinux.getUser());
    }
  }

  /** Applies the policy's defaults to {@code pod} in place; returns the defaulted fields. */
  public static List<String> apply(CompiledPolicy p, Pod pod) {
    return apply(Defaults.of(p), pod);
  }

  /** Applies {@code d} to {@code pod} in place; returns the defaulted fields. */
  public static List<String> apply(Defaults p, Pod pod) {
    List<String> defaulted = new ArrayList<>();
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodSpec spec = pod.getSpec();
    PodSecurityContext psc = spec.getSecurityContext();
    if (p.supplementalGroup() != null
        && (psc == null
            || psc.getSupplementalGroups() == null
            || psc.getSupplementalGroups().isEmpty())) {
      podContext(spec).setSupplementalGroups(new ArrayList<>(List.of(p.supplementalGroup())));
      defaulted.add("spec.securityContext.supplementalGroups");
    }
    if (p.fsGroup() != null && (psc == null || psc.getFsGroup() == null)) {
      podContext(spec).setFsGroup(p.fsGroup());
      defaulted.add("spec.securityContext.fsGroup");
    }
    if (p.seLinux() != null
        && (spec.getSecurityContext() == null
            || spec.getSecurityContext().getSeLinuxOptions() == null)) {
      podContext(spec).setSeLinuxOptions(p.newSeLinux());
      defaulted.add("spec.securityContext.seLinuxOptions");
    }
    if (p.seccomp() != null && Effective.podSeccomp(pod) == null) {
      podContext(spec).setSeccompProfile(Effective.seccompField(p.seccomp()));
      defaulted.add("spec.securityContext.seccompProfile");
    }
    if (p.runtimeClass() != null && spec.getRuntimeClassName() == null) {
      spec.setRuntimeClassName(p.runtimeClass());
      defaulted.add("spec.runtimeClassName");
    }
    List<ContainerView> containers = ContainerView.all(spec);
    if (p.appArmor() != null
        && (spec.getSecurityContext() == null
            || spec.getSecurityContext().getAppArmorProfile() == null)
        && containers.stream().anyMatch(c -> Effective.appArmor(pod, c) == null)) {
      podContext(spec).setAppArmorProfile(Effective.appArmorField(p.appArmor()));
      defaulted.add("spec.securityContext.appArmorProfile");
    }
    for (ContainerView c : containers) {
      mutateContainer(p, pod, c, defaulted);
    }
    return defaulted;
  }

  private static void mutateContainer(
      Defaults p, Pod pod, ContainerView c, List<String> defaulted) {
    String sc = c.path() + ".securityContext.";
    if (p.runAsUser() != null && Effective.runAsUser(pod, c) == null) {
      c.ensureSecurityContext().setRunAsUser(p.runAsUser());
      defaulted.add(sc + "runAsUser");
    }
    if (p.runAsGroup() != null && Effective.runAsGroup(pod, c) == null) {
      c.ensureSecurityContext().setRunAsGroup(p.runAsGroup());
      defaulted.add(sc + "runAsGroup");
    }
    if (p.seLinux() != null && Effective.seLinuxOptions(pod, c) == null) {
      c.ensureSecurityContext().setSeLinuxOptions(p.newSeLinux());
      defaulted.add(sc + "seLinuxOptions");
    }
    if (p.runAsNonRoot()
        && Effective.runAsNonRoot(pod, c) == null
        && Effective.runAsUser(pod, c) == null) {
      c.ensureSecurityContext().setRunAsNonRoot(true);
      defaulted.add(sc + "runAsNonRoot");
    }
    capabilities(p, c, defaulted);
    if (p.readOnlyRootFilesystem()
        && Effective.container(c, SecurityContext::getReadOnlyRootFilesystem) == null) {
      c.ensureSecurityContext().setReadOnlyRootFilesystem(true);
      defaulted.add(sc + "readOnlyRootFilesystem");
    }
    if (Effective.container(c, SecurityContext::getAllowPrivilegeEscalation) == null) {
      Boolean value = p.allowPrivilegeEscalation();
      if (value != null) {
        c.ensureSecurityContext().setAllowPrivilegeEscalation(value);
        defaulted.add(sc + "allowPrivilegeEscalation");
      }
    }
  }

  /**
   * add = (defaultAdd − container drop) ∪ container add; drop = requiredDrop ∪ container drop. The
   * container's entries keep their order; the policy's follow, sorted. Nothing to add: untouched.
   */
  private static void capabilities(Defaults p, ContainerView c, List<String> defaulted) {
    if (p.addCapabilities().isEmpty() && p.dropCapabilities().isEmpty()) {
      return;
    }
    Capabilities caps = Effective.container(c, SecurityContext::getCapabilities);
    List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
    List<String> drop = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
    Set<String> newAdd = new TreeSet<>(p.addCapabilities());
    newAdd.removeAll(drop);
    newAdd.removeAll(add);
    Set<String> newDrop = new TreeSet<>(p.dropCapabilities());
    newDrop.removeAll(drop);
    if (newAdd.isEmpty() && newDrop.isEmpty()) {
      return;
    }
    Capabilities target = c.ensureSecurityContext().getCapabilities();
    if (target == null) {
      target = new Capabilities();
      c.securityContext().setCapabilities(target);
    }
    String path = c.path() + ".securityContext.capabilities.";
    if (!newAdd.isEmpty()) {
      List<String> merged = new ArrayList<>(new LinkedHashSet<>(add));
      merged.addAll(newAdd);
      target.setAdd(merged);
      defaulted.add(path + "add");
    }
    if (!newDrop.isEmpty()) {
      List<String> merged = new ArrayList<>(new LinkedHashSet<>(drop));
      merged.addAll(newDrop);
      target.setDrop(merged);
      defaulted.add(path + "drop");
    }
  }

  private static PodSecurityContext podContext(PodSpec spec) {
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(new PodSecurityContext());
    }
    return spec.getSecurityContext();
  }

  private static SELinuxOptions seLinux(dev.capstan.crds.security.v1alpha1.SeLinuxOptions o) {
    return new SELinuxOptions(o.getLevel(), o.getRole(), o.getType(), o.getUser());
  }

  static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of()
        : pod.getMetadata().getAnnotations();
  }
}
