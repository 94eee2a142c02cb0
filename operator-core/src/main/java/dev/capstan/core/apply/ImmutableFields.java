package dev.capstan.core.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.core.ownership.ChildRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the changes an apply would make to fields the API server will not change in place (a
 * workload's selector, a StatefulSet's volumeClaimTemplates, a Job's template, a binding's
 * roleRef…). Pure.
 *
 * <p>Why it exists: applying such a change fails with 422 "field is immutable" on every attempt;
 * operators that do not look first crash-loop on it. Detecting it before the apply lets the caller
 * pick a strategy ({@link ImmutableChangeStrategy}) instead.
 *
 * <p>Only what the desired object says is compared, and a desired value counts as unchanged when
 * the stored value contains it: the API server adds defaults (a claim template's {@code
 * volumeMode}, {@code status}) that server-side apply would leave alone too. Lists must have the
 * same length and match element by element.
 */
public final class ImmutableFields {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** group/kind → the dotted paths that cannot change after creation. */
  private static final Map<String, List<String>> RULES =
      Map.ofEntries(
          Map.entry("apps/Deployment", List.of("spec.selector")),
          Map.entry("apps/ReplicaSet", List.of("spec.selector")),
          Map.entry("apps/DaemonSet", List.of("spec.selector")),
          Map.entry(
              "apps/StatefulSet",
              List.of(
                  "spec.selector",
                  "spec.serviceName",
                  "spec.volumeClaimTemplates",
                  "spec.podManagementPolicy")),
          Map.entry(
              "batch/Job",
              List.of("spec.selector", "spec.template", "spec.completions", "spec.completionMode")),
          Map.entry("/Service", List.of("spec.clusterIP")),
          Map.entry(
              "/PersistentVolumeClaim",
              List.of(
                  "spec.storageClassName",
                  "spec.accessModes",
                  "spec.volumeMode",
                  "spec.selector",
                  "spec.dataSource")),
          Map.entry(
              "storage.k8s.io/StorageClass",
              List.of("provisioner", "parameters", "reclaimPolicy", "volumeBindingMode")),
          Map.entry(
              "storage.k8s.io/CSIDriver",
              List.of("spec.attachRequired", "spec.volumeLifecycleModes", "spec.fsGroupPolicy")),
          Map.entry("rbac.authorization.k8s.io/RoleBinding", List.of("roleRef")),
          Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", List.of("roleRef")));

  /** ConfigMaps and Secrets marked {@code immutable: true} keep their data. */
  private static final List<String> IMMUTABLE_DATA = List.of("data", "binaryData");

  private ImmutableFields() {}

  /** The immutable paths of a kind ({@code group} is empty for the core group). */
  public static List<String> pathsOf(String group, String kind) {
    return RULES.getOrDefault(group + "/" + kind, List.of());
  }

  /**
   * The immutable paths whose desired value differs from the stored one, in rule order; empty when
   * the apply can go ahead (also when nothing is stored yet).
   */
  public static List<String> changed(HasMetadata actual, HasMetadata desired) {
    if (actual == null || desired == null) {
      return List.of();
    }
    JsonNode stored = JSON.valueToTree(actual);
    JsonNode wanted = JSON.valueToTree(desired);
    List<String> changed = new ArrayList<>();
    for (String path : rulesFor(desired, stored)) {
      JsonNode want = at(wanted, path);
      if (want == null || want.isNull()) {
        continue; // not in the desired object: the apply does not touch it
      }
      if (!covers(at(stored, path), want)) {
        changed.add(path);
      }
    }
    return changed;
  }

  private static List<String> rulesFor(HasMetadata desired, JsonNode stored) {
    String group = ChildRef.groupOf(desired.getApiVersion());
    String kind = desired.getKind();
    if (group.isEmpty()
        && ("ConfigMap".equals(kind) || "Secret".equals(kind))
        && stored.path("immutable").asBoolean(false)) {
      return IMMUTABLE_DATA;
    }
    return pathsOf(group, kind);
  }

  private static JsonNode at(JsonNode root, String dottedPath) {
    JsonNode node = root;
    for (String field : dottedPath.split("\\.")) {
      if (node == null || !node.isObject()) {
        return null;
      }
      node = node.get(field);
    }
    return node;
  }

  /** Whether the stored value contains everything the desired value says. */
  static boolean covers(JsonNode stored, JsonNode wanted) {
    if (wanted == null || wanted.isNull()) {
      return true;
    }
    if (wanted.isObject()) {
      if (stored == null || !stored.isObject()) {
        return wanted.isEmpty();
      }
      Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!covers(stored.get(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted.isArray()) {
      if (stored == null || !stored.isArray()) {
        return wanted.isEmpty();
      }
      if (stored.size() != wanted.size()) {
        return false;
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!covers(stored.get(i), wanted.get(i))) {
          return false;
        }
      }
      return true;
    }
    // Scalars: 3 and "3" (an IntOrString) are the same value to the API server.
    return stored != null && stored.isValueNode() && stored.asText().equals(wanted.asText());
  }
}
