package dev.capstan.security.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * What the engine needs from an AdmissionReview.
 *
 * @param operation CREATE or UPDATE (others are allowed without evaluation)
 * @param subResource the subresource, or null; ephemeralcontainers is evaluated, the usual
 *     non-pod-spec ones (exec, attach, status, ...) are not
 * @param object a Pod, or a workload with a pod template
 * @param oldObject the previous object on UPDATE
 * @param namespace the request's namespace
 * @param namespaceLabels the namespace's labels, for namespace selectors
 * @param userInfo the requesting user; null means unknown
 */
public record AdmissionRequest(
    Operation operation,
    String subResource,
    HasMetadata object,
    HasMetadata oldObject,
    String namespace,
    Map<String, String> namespaceLabels,
    UserInfo userInfo) {

  public AdmissionRequest {
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
  }

  public static AdmissionRequest create(HasMetadata object, String namespace, UserInfo user) {
    return new AdmissionRequest(Operation.CREATE, null, object, null, namespace, Map.of(), user);
  }

  public static AdmissionRequest update(
      HasMetadata object, HasMetadata oldObject, String namespace, UserInfo user) {
    return new AdmissionRequest(
        Operation.UPDATE, null, object, oldObject, namespace, Map.of(), user);
  }

  public AdmissionRequest withNamespaceLabels(Map<String, String> labels) {
    return new AdmissionRequest(
        operation, subResource, object, oldObject, namespace, labels, userInfo);
  }

  public AdmissionRequest withSubResource(String sub) {
    return new AdmissionRequest(
        operation, sub, object, oldObject, namespace, namespaceLabels, userInfo);
  }
}
