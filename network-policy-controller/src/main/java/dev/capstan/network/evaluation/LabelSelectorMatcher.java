package dev.capstan.network.evaluation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled metav1.LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists,
 * DoesNotExist), all of which must hold. Empty matches everything. A selector the apiserver would
 * reject (unknown operator, In/NotIn without values, values with Exists/DoesNotExist) matches
 * nothing and says why in {@link #invalidReason()}.
 */
public final class LabelSelectorMatcher {

  private static final LabelSelectorMatcher EVERYTHING =
      new LabelSelectorMatcher(Map.of(), List.of(), null);

  private final Map<String, String> matchLabels;
  private final List<Requirement> requirements;
  private final String invalidReason;

  private record Requirement(String key, String operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
    }
  }

  private LabelSelectorMatcher(
      Map<String, String> matchLabels, List<Requirement> requirements, String invalidReason) {
    this.matchLabels = matchLabels;
    this.requirements = requirements;
    this.invalidReason = invalidReason;
  }

  /** Compiles a selector; null means "not given" and is compiled as empty (everything). */
  public static LabelSelectorMatcher of(LabelSelector selector) {
    if (selector == null) {
      return EVERYTHING;
    }
    Map<String, String> labels =
        selector.getMatchLabels() == null ? Map.of() : Map.copyOf(selector.getMatchLabels());
    List<Requirement> requirements = new ArrayList<>();
    String invalid = null;
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement r : expressions) {
      String op = r.getOperator();
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      boolean needsValues = "In".equals(op) || "NotIn".equals(op);
      boolean takesNone = "Exists".equals(op) || "DoesNotExist".equals(op);
      if (!needsValues && !takesNone) {
        invalid = "unknown operator " + op + " for key " + r.getKey();
      } else if (needsValues && values.isEmpty()) {
        invalid = op + " without values for key " + r.getKey();
      } else if (takesNone && !values.isEmpty()) {
        invalid = op + " with values for key " + r.getKey();
      }
      requirements.add(new Requirement(r.getKey(), op, Set.copyOf(values)));
    }
    return new LabelSelectorMatcher(labels, List.copyOf(requirements), invalid);
  }

  public boolean matches(Map<String, String> labels) {
    if (invalidReason != null) {
      return false;
    }
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** True for the empty selector, which matches everything. */
  public boolean isEmpty() {
    return invalidReason == null && matchLabels.isEmpty() && requirements.isEmpty();
  }

  /** Why the apiserver would reject the selector, or null. */
  public String invalidReason() {
    return invalidReason;
  }
}
