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

  /** Applies the policy's defaults to {@code pod} in place; returns the defaulted fields. */
  public static List<String> apply(CompiledPolicy p, Pod pod) {
    List<String> defaulted = new ArrayList<>();
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodSpec spec = pod.getSpec();
    PodSecurityContext psc = spec.getSecurityContext();
    if (p.supplementalGroupsRule() == GroupStrategy.Rule.MustRunAs
        && (psc == null
            || psc.getSupplementalGroups() == null
            || psc.getSupplementalGroups().isEmpty())) {
      podContext(spec)
          .setSupplementalGroups(
              new ArrayList<>(List.of(p.supplementalGroupsRanges().get(0).getMin())));
      defaulted.add("spec.securityContext.supplementalGroups");
    }
    if (p.fsGroupRule() == GroupStrategy.Rule.MustRunAs
        && (psc == null || psc.getFsGroup() == null)) {
      podContext(spec).setFsGroup(p.fsGroupRanges().get(0).getMin());
      defaulted.add("spec.securityContext.fsGroup");
    }
    if (p.seLinuxRule() == SeLinuxStrategy.Rule.MustRunAs
        && (spec.getSecurityContext() == null
            || spec.getSecurityContext().getSeLinuxOptions() == null)) {
      podContext(spec).setSeLinuxOptions(seLinux(p));
      defaulted.add("spec.securityContext.seLinuxOptions");
    }
    if (p.seccompDefault() != null && Effective.podSeccomp(pod) == null) {
      podContext(spec).setSeccompProfile(Effective.seccompField(p.seccompDefault()));
      defaulted.add("spec.securityContext.seccompProfile");
    }
    if (p.defaultRuntimeClass() != null && spec.getRuntimeClassName() == null) {
      spec.setRuntimeClassName(p.defaultRuntimeClass());
      defaulted.add("spec.runtimeClassName");
    }
    List<ContainerView> containers = ContainerView.all(spec);
    if (p.appArmorDefault() != null
        && (spec.getSecurityContext() == null
            || spec.getSecurityContext().getAppArmorProfile() == null)
        && containers.stream().anyMatch(c -> Effective.appArmor(pod, c) == null)) {
      podContext(spec).setAppArmorProfile(Effective.appArmorField(p.appArmorDefault()));
      defaulted.add("spec.securityContext.appArmorProfile");
    }
    for (ContainerView c : containers) {
      mutateContainer(p, pod, c, defaulted);
    }
    return defaulted;
  }

  private static void mutateContainer(
      CompiledPolicy p, Pod pod, ContainerView c, List<String> defaulted) {
    String sc = c.path() + ".securityContext.";
    if (p.runAsUserRule() == RunAsUserStrategy.Rule.MustRunAs
        && Effective.runAsUser(pod, c) == null) {
      c.ensureSecurityContext().setRunAsUser(p.runAsUserRanges().get(0).getMin());
      defaulted.add(sc + "runAsUser");
    }
    if (p.runAsGroupRule() == GroupStrategy.Rule.MustRunAs
        && Effective.runAsGroup(pod, c) == null) {
      c.ensureSecurityContext().setRunAsGroup(p.runAsGroupRanges().get(0).getMin());
      defaulted.add(sc + "runAsGroup");
    }
    if (p.seLinuxRule() == SeLinuxStrategy.Rule.MustRunAs
        && Effective.seLinuxOptions(pod, c) == null) {
      c.ensureSecurityContext().setSeLinuxOptions(seLinux(p));
      defaulted.add(sc + "seLinuxOptions");
    }
    if (p.runAsUserRule() == RunAsUserStrategy.Rule.MustRunAsNonRoot
        && Effective.runAsNonRoot(pod, c) == null
        && Effective.runAsUser(pod, c) == null) {
      c.ensureSecurityContext().setRunAsNonRoot(true);
      defaulted.add(sc + "runAsNonRoot");
    }
    capabilities(p, c, defaulted);
    if (p.requireReadOnlyRootFilesystem()
        && Effective.container(c, SecurityContext::getReadOnlyRootFilesystem) == null) {
      c.ensureSecurityContext().setReadOnlyRootFilesystem(true);
      defaulted.add(sc + "readOnlyRootFilesystem");
    }
    if (Effective.container(c, SecurityContext::getAllowPrivilegeEscalation) == null) {
      Boolean value =
          p.defaultAllowPrivilegeEscalation() != null
              ? p.defaultAllowPrivilegeEscalation()
              : (p.allowPrivilegeEscalation() ? null : Boolean.FALSE);
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
  private static void capabilities(CompiledPolicy p, ContainerView c, List<String> defaulted) {
    if (p.defaultAddCapabilities().isEmpty() && p.requiredDropCapabilities().isEmpty()) {
      return;
    }
    Capabilities caps = Effective.container(c, SecurityContext::getCapabilities);
    List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
    List<String> drop = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
    Set<String> newAdd = new TreeSet<>(p.defaultAddCapabilities());
    newAdd.removeAll(drop);
    newAdd.removeAll(add);
    Set<String> newDrop = new TreeSet<>(p.requiredDropCapabilities());
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

  private static SELinuxOptions seLinux(CompiledPolicy p) {
    var o = p.seLinuxOptions();
    return new SELinuxOptions(o.getLevel(), o.getRole(), o.getType(), o.getUser());
  }

  static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of()
        : pod.getMetadata().getAnnotations();
  }
}
