package dev.capstan.security.policy.pod;

import dev.capstan.security.policy.Violation;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields of the pod the pinned fabric8 model does not know. Jackson puts them in
 * additionalProperties, where every typed check would pass them silently. On security types
 * (security contexts, capabilities, SELinux/seccomp/AppArmor/Windows options, sysctls, host ports,
 * hostPath sources, mounts, probe and lifecycle handlers) an unknown field is a violation: the
 * engine cannot tell whether it is safe. Elsewhere in the pod spec and containers it is a warning.
 * Unknown volume types are not gaps: {@link VolumeTypes} names them, and volume rules judge them.
 */
public final class ModelGaps {

  private static final String REASON = "field unknown to this policy engine";

  private final List<Violation> violations = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private ModelGaps() {}

  public static ModelGaps scan(Pod pod) {
    ModelGaps gaps = new ModelGaps();
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return gaps;
    }
    gaps.soft("spec", spec.getAdditionalProperties());
    PodSecurityContext psc = spec.getSecurityContext();
    if (psc != null) {
      String p = "spec.securityContext";
      gaps.hard(p, psc);
      gaps.hard(p + ".seLinuxOptions", psc.getSeLinuxOptions());
      gaps.hard(p + ".seccompProfile", psc.getSeccompProfile());
      gaps.hard(p + ".appArmorProfile", psc.getAppArmorProfile());
      gaps.hard(p + ".windowsOptions", psc.getWindowsOptions());
      List<Sysctl> sysctls = psc.getSysctls();
      for (int i = 0; sysctls != null && i < sysctls.size(); i++) {
        gaps.hard(p + ".sysctls[" + i + "]", sysctls.get(i));
      }
    }
    gaps.hard("spec.os", spec.getOs());
    List<Volume> volumes = spec.getVolumes();
    for (int i = 0; volumes != null && i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      String p = "spec.volumes[" + i + "]";
      if (!VolumeTypes.known().contains(VolumeTypes.of(v))) {
        // an unknown source is the volume's type; judged by the volume rules
        if (v.getAdditionalProperties().size() > 1) {
          gaps.hard(p, v);
        }
      } else {
        gaps.hard(p, v);
      }
      gaps.hard(p + ".hostPath", v.getHostPath());
    }
    for (ContainerView c : ContainerView.all(spec)) {
      gaps.soft(c.path(), c.additionalProperties());
      SecurityContext sc = c.securityContext();
      String p = c.path() + ".securityContext";
      if (sc != null) {
        gaps.hard(p, sc);
        gaps.hard(p + ".capabilities", sc.getCapabilities());
        gaps.hard(p + ".seLinuxOptions", sc.getSeLinuxOptions());
        gaps.hard(p + ".seccompProfile", sc.getSeccompProfile());
        gaps.hard(p + ".appArmorProfile", sc.getAppArmorProfile());
        gaps.hard(p + ".windowsOptions", sc.getWindowsOptions());
      }
      List<ContainerPort> ports = c.ports();
      for (int i = 0; i < ports.size(); i++) {
        gaps.hard(c.path() + ".ports[" + i + "]", ports.get(i));
      }
      List<VolumeMount> mounts = c.volumeMounts();
      for (int i = 0; i < mounts.size(); i++) {
        gaps.hard(c.path() + ".volumeMounts[" + i + "]", mounts.get(i));
      }
      for (Map.Entry<String, Probe> probe : c.probes().entrySet()) {
        String pp = c.path() + "." + probe.getKey();
        gaps.hard(pp, probe.getValue());
        gaps.hard(pp + ".httpGet", probe.getValue().getHttpGet());
        gaps.hard(pp + ".tcpSocket", probe.getValue().getTcpSocket());
      }
      gaps.hard(c.path() + ".lifecycle", c.lifecycle());
      for (Map.Entry<String, LifecycleHandler> handler : c.lifecycleHandlers().entrySet()) {
        String hp = c.path() + "." + handler.getKey();
        gaps.hard(hp, handler.getValue());
        HTTPGetAction http = handler.getValue().getHttpGet();
        TCPSocketAction tcp = handler.getValue().getTcpSocket();
        gaps.hard(hp + ".httpGet", http);
        gaps.hard(hp + ".tcpSocket", tcp);
      }
    }
    return gaps;
  }

  public List<Violation> violations() {
    return violations;
  }

  public List<String> warnings() {
    return warnings;
  }

  private void hard(String path, KubernetesResource object) {
    Map<String, Object> extra = additionalProperties(object);
    for (String key : extra.keySet()) {
      violations.add(
          new Violation(
              path + "." + key,
              REASON,
              "the pinned Kubernetes model does not know this security-relevant field, so no"
                  + " policy can judge it; upgrade Capstan, remove the field, or exempt the request",
              Violation.MODEL));
    }
  }

  private void soft(String path, Map<String, Object> extra) {
    if (extra == null) {
      return;
    }
    for (String key : extra.keySet()) {
      warnings.add(path + "." + key + ": field unknown to the policy engine, not evaluated");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> additionalProperties(KubernetesResource object) {
    if (object == null) {
      return Map.of();
    }
    try {
      Method getter = object.getClass().getMethod("getAdditionalProperties");
      Object extra = getter.invoke(object);
      return extra == null ? Map.of() : (Map<String, Object>) extra;
    } catch (ReflectiveOperationException e) {
      return Map.of();
    }
  }
}
