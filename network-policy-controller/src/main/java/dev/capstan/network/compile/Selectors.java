package dev.capstan.network.compile;

import dev.capstan.crds.network.v1alpha1.Selector;
import dev.capstan.crds.network.v1alpha1.SelectorRequirement;
import dev.capstan.network.evaluation.LabelSelectorMatcher;
import dev.capstan.network.evaluation.NamespaceInfo;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Capstan selectors to metav1.LabelSelector, deterministically ordered, with validation. */
public final class Selectors {

  private Selectors() {}

  /** The empty selector: everything. */
  static LabelSelector everything() {
    return new LabelSelectorBuilder().build();
  }

  /** The namespace with this name, by its immutable name label. */
  static LabelSelector namespaceNamed(String name) {
    return new LabelSelectorBuilder().addToMatchLabels(NamespaceInfo.NAME_LABEL, name).build();
  }

  /** The selector, or empty plus an ERROR when the apiserver would reject it. */
  public static Optional<LabelSelector> convert(
      Selector selector, String field, List<Problem> problems) {
    if (selector == null) {
      return Optional.of(everything());
    }
    LabelSelectorBuilder builder = new LabelSelectorBuilder();
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
      builder.withMatchLabels(new TreeMap<>(selector.getMatchLabels()));
    }
    List<LabelSelectorRequirement> requirements = new ArrayList<>();
    List<SelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      SelectorRequirement r = expressions.get(i);
      String where = field + ".matchExpressions[" + i + "]";
      if (r.getKey() == null || r.getOperator() == null) {
        problems.add(Problem.error(where, "needs a key and an operator"));
        return Optional.empty();
      }
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      String op = r.getOperator().name();
      boolean needsValues = op.equals("In") || op.equals("NotIn");
      if (needsValues && values.isEmpty()) {
        problems.add(Problem.error(where, op + " needs at least one value"));
        return Optional.empty();
      }
      if (!needsValues && !values.isEmpty()) {
        problems.add(Problem.error(where, op + " takes no values"));
        return Optional.empty();
      }
      requirements.add(
          new LabelSelectorRequirementBuilder()
              .withKey(r.getKey())
              .withOperator(op)
              .withValues(needsValues ? List.copyOf(values) : null)
              .build());
    }
    if (!requirements.isEmpty()) {
      builder.withMatchExpressions(requirements);
    }
    return Optional.of(builder.build());
  }

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return LabelSelectorMatcher.of(selector).matches(labels);
  }

  static boolean isEmpty(Selector selector) {
    return selector == null || selector.isEmpty();
  }
}
