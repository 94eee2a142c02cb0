package dev.capstan.security.policy.pod;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.Map;
import java.util.function.Function;

/**
 * A container's effective security settings: the container's own value over the pod's, as the
 * kubelet applies them. Also the string forms of seccomp and AppArmor profiles the policies use
 * ({@code runtime/default}, {@code localhost/<path>}, {@code unconfined}).
 */
public final class Effective {

  public static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
  public static final String SECCOMP_CONTAINER_ANNOTATION_PREFIX =
      "container.seccomp.security.alpha.kubernetes.io/";
  public static final String APPARMOR_CONTAINER_ANNOTATION_PREFIX =
      "container.apparmor.security.beta.kubernetes.io/";

  private Effective() {}

  public static PodSpec spec(Pod pod) {
    return pod.getSpec() == null ? new PodSpec() : pod.getSpec();
  }

  public static PodSecurityContext podContext(Pod pod) {
    return spec(pod).getSecurityContext();
  }

  private static <T> T get(
      Pod pod,
      ContainerView c,
      Function<SecurityContext, T> container,
      Function<PodSecurityContext, T> podLevel) {
    SecurityContext sc = c.securityContext();
    if (sc != null && container.apply(sc) != null) {
      return container.apply(sc);
    }
    PodSecurityContext psc = podContext(pod);
    return psc == null ? null : podLevel.apply(psc);
  }

  public static Long runAsUser(Pod pod, ContainerView c) {
    return get(pod, c, SecurityContext::getRunAsUser, PodSecurityContext::getRunAsUser);
  }

  public static Long runAsGroup(Pod pod, ContainerView c) {
    return get(pod, c, SecurityContext::getRunAsGroup, PodSecurityContext::getRunAsGroup);
  }

  public static Boolean runAsNonRoot(Pod pod, ContainerView c) {
    return get(pod, c, SecurityContext::getRunAsNonRoot, PodSecurityContext::getRunAsNonRoot);
  }

  public static SELinuxOptions seLinuxOptions(Pod pod, ContainerView c) {
    return get(pod, c, SecurityContext::getSeLinuxOptions, PodSecurityContext::getSeLinuxOptions);
  }

  public static <T> T container(ContainerView c, Function<SecurityContext, T> field) {
    SecurityContext sc = c.securityContext();
    return sc == null ? null : field.apply(sc);
  }

  private static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of()
        : pod.getMetadata().getAnnotations();
  }

  /** The pod-level seccomp profile: the field, else the legacy annotation; null when unset. */
  public static String podSeccomp(Pod pod) {
    PodSecurityContext psc = podContext(pod);
    if (psc != null && psc.getSeccompProfile() != null) {
      return seccomp(psc.getSeccompProfile());
    }
    return normalizeSeccomp(annotations(pod).get(SECCOMP_POD_ANNOTATION));
  }

  /** The container's own seccomp profile (field, else legacy annotation); null when unset. */
  public static String containerSeccomp(Pod pod, ContainerView c) {
    SeccompProfile profile = container(c, SecurityContext::getSeccompProfile);
    if (profile != null) {
      return seccomp(profile);
    }
    return normalizeSeccomp(annotations(pod).get(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name()));
  }

  public static String seccomp(SeccompProfile profile) {
    if (profile == null || profile.getType() == null) {
      return null;
    }
    switch (profile.getType()) {
      case "RuntimeDefault":
        return "runtime/default";
      case "Unconfined":
        return "unconfined";
      case "Localhost":
        return "localhost/"
            + (profile.getLocalhostProfile() == null ? "" : profile.getLocalhostProfile());
      default:
        return profile.getType();
    }
  }

  /** docker/default is runtime/default. */
  public static String normalizeSeccomp(String profile) {
    if (profile == null || profile.isEmpty()) {
      return null;
    }
    return "docker/default".equals(profile) ? "runtime/default" : profile;
  }

  public static SeccompProfile seccompField(String profile) {
    SeccompProfile field = new SeccompProfile();
    String p = normalizeSeccomp(profile);
    if ("runtime/default".equals(p)) {
      field.setType("RuntimeDefault");
    } else if ("unconfined".equals(p)) {
      field.setType("Unconfined");
    } else {
      field.setType("Localhost");
      field.setLocalhostProfile(p.substring("localhost/".length()));
    }
    return field;
  }

  /** The container's effective AppArmor profile: container field, annotation, pod field. */
  public static String appArmor(Pod pod, ContainerView c) {
    AppArmorProfile own = container(c, SecurityContext::getAppArmorProfile);
    if (own != null) {
      return appArmor(own);
    }
    String annotation = annotations(pod).get(APPARMOR_CONTAINER_ANNOTATION_PREFIX + c.name());
    if (annotation != null && !annotation.isEmpty()) {
      return annotation;
    }
    PodSecurityContext psc = podContext(pod);
    return psc == null ? null : appArmor(psc.getAppArmorProfile());
  }

  public static String appArmor(AppArmorProfile profile) {
    if (profile == null || profile.getType() == null) {
      return null;
    }
    switch (profile.getType()) {
      case "RuntimeDefault":
        return "runtime/default";
      case "Unconfined":
        return "unconfined";
      case "Localhost":
        return "localhost/"
            + (profile.getLocalhostProfile() == null ? "" : profile.getLocalhostProfile());
      default:
        return profile.getType();
    }
  }

  public static AppArmorProfile appArmorField(String profile) {
    AppArmorProfile field = new AppArmorProfile();
    if ("runtime/default".equals(profile)) {
      field.setType("RuntimeDefault");
    } else if ("unconfined".equals(profile)) {
      field.setType("Unconfined");
    } else {
      field.setType("Localhost");
      field.setLocalhostProfile(profile.substring("localhost/".length()));
    }
    return field;
  }

  public static boolean isWindows(Pod pod) {
    PodSpec spec = spec(pod);
    return spec.getOs() != null && "windows".equals(spec.getOs().getName());
  }

  /** spec.hostUsers=false: the pod runs in its own user namespace. */
  public static boolean usesUserNamespace(Pod pod) {
    return Boolean.FALSE.equals(spec(pod).getHostUsers());
  }

  public static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
