package dev.capstan.network.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a stored NetworkPolicy already says what we would apply. The spec must be equal (we own
 * all of it; a rule someone removed or added is drift), our labels and annotations present with our
 * values (others may add their own), our owner references present. Compared as JSON trees without
 * nulls and empty collections, so that {@code podSelector: {}} read back as a selector with empty
 * maps is not mistaken for a change.
 */
public final class PolicyMatch {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyMatch() {}

  public static boolean matches(NetworkPolicy desired, NetworkPolicy actual) {
    return Objects.equals(tree(desired.getSpec()), tree(actual.getSpec()))
        && contains(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        && ownersPresent(desired.getMetadata(), actual.getMetadata());
  }

  /** namespace/name. */
  public static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> desired) {
    if (desired == null || desired.isEmpty()) {
      return true;
    }
    return actual != null && actual.entrySet().containsAll(desired.entrySet());
  }

  private static boolean ownersPresent(ObjectMeta desired, ObjectMeta actual) {
    List<OwnerReference> wanted = desired.getOwnerReferences();
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    List<Object> present = new ArrayList<>();
    if (actual.getOwnerReferences() != null) {
      actual.getOwnerReferences().forEach(o -> present.add(tree(o)));
    }
    return wanted.stream().allMatch(o -> present.contains(tree(o)));
  }

  /** The object as plain maps and lists, with nulls and empty maps and lists left out. */
  static Object tree(Object value) {
    return prune(JSON.convertValue(value, Object.class));
  }

  private static Object prune(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            Object pruned = prune(v);
            if (pruned != null) {
              out.put(String.valueOf(k), pruned);
            }
          });
      return out.isEmpty() ? null : out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      // Keep empty elements in place: an empty rule {} means "allow all" and its position counts.
      list.forEach(v -> out.add(prune(v) == null ? Map.of() : prune(v)));
      return out.isEmpty() ? null : out;
    }
    return node;
  }
}
