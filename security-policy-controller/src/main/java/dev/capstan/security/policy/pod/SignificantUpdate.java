package dev.capstan.security.policy.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a pod UPDATE needs a policy check, as Pod Security Admission decides: most pod fields are
 * immutable, so only an added or removed container (ephemeral containers are added this way), a
 * changed image, or a changed per-container seccomp annotation is significant.
 */
public final class SignificantUpdate {

  private SignificantUpdate() {}

  public static boolean isSignificant(Pod pod, Pod oldPod) {
    if (oldPod == null) {
      return true;
    }
    List<ContainerView> now = ContainerView.all(pod.getSpec());
    List<ContainerView> before = ContainerView.all(oldPod.getSpec());
    if (now.size() != before.size()) {
      return true;
    }
    Map<String, String> annotations = annotations(pod);
    Map<String, String> oldAnnotations = annotations(oldPod);
    for (int i = 0; i < now.size(); i++) {
      ContainerView c = now.get(i);
      ContainerView o = before.get(i);
      if (c.kind() != o.kind() || !Objects.equals(c.image(), o.image())) {
        return true;
      }
      String key = Effective.SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name();
      if (!Objects.equals(annotations.get(key), oldAnnotations.get(key))) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of()
        : pod.getMetadata().getAnnotations();
  }
}
