package dev.capstan.core.admission.config;

import dev.capstan.core.admission.Operation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One webhook of a configuration: its name, the server path, what it matches and how the apiserver
 * treats failures. {@link WebhookConfigurations} turns it into a fabric8 {@code ValidatingWebhook}
 * or {@code MutatingWebhook} with the safe settings filled in. Build with {@link #named(String)}.
 *
 * @param name fully qualified webhook name, e.g. {@code pods.security.capstan.dev}
 * @param path the path the server serves it at
 * @param rules operations and resources it intercepts
 * @param failurePolicy what the apiserver does when the webhook cannot be reached or times out
 * @param timeoutSeconds how long the apiserver waits (1–30)
 * @param reinvocationPolicy whether a mutating webhook runs again after later mutations (ignored
 *     for validating webhooks)
 * @param namespaceSelector extra namespace constraints, or null; exemptions are always added
 * @param objectSelector object label constraints, or null (only for opt-in: users control labels)
 * @param matchConditions CEL pre-filters
 */
public record WebhookSpec(
    String name,
    String path,
    List<RuleWithOperations> rules,
    FailurePolicy failurePolicy,
    int timeoutSeconds,
    ReinvocationPolicy reinvocationPolicy,
    LabelSelector namespaceSelector,
    LabelSelector objectSelector,
    List<MatchCondition> matchConditions) {

  /** What the apiserver does when the call fails. */
  public enum FailurePolicy {
    FAIL("Fail"),
    IGNORE("Ignore");

    private final String wire;

    FailurePolicy(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Whether a mutating webhook is called again when later webhooks change the object. */
  public enum ReinvocationPolicy {
    NEVER("Never"),
    IF_NEEDED("IfNeeded");

    private final String wire;

    ReinvocationPolicy(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public WebhookSpec {
    Objects.requireNonNull(name, "name");
    if (name.split("\\.", -1).length < 3) {
      throw new IllegalArgumentException(
          "a webhook name is fully qualified (at least three dot-separated parts): " + name);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a webhook path starts with '/': " + path);
    }
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("webhook " + name + " has no rules");
    }
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (timeoutSeconds < 1 || timeoutSeconds > 30) {
      throw new IllegalArgumentException("timeoutSeconds must be 1..30, not " + timeoutSeconds);
    }
    Objects.requireNonNull(reinvocationPolicy, "reinvocationPolicy");
    matchConditions = List.copyOf(matchConditions);
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  /**
   * Builder. Defaults: {@code failurePolicy: Fail}, {@code timeoutSeconds: 5}, {@code
   * reinvocationPolicy: IfNeeded} (mutations must be idempotent).
   */
  public static final class Builder {
    private final String name;
    private String path;
    private final List<RuleWithOperations> rules = new ArrayList<>();
    private FailurePolicy failurePolicy = FailurePolicy.FAIL;
    private int timeoutSeconds = 5;
    private ReinvocationPolicy reinvocationPolicy = ReinvocationPolicy.IF_NEEDED;
    private LabelSelector namespaceSelector;
    private LabelSelector objectSelector;
    private final List<MatchCondition> matchConditions = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /**
     * Intercepts {@code operations} on {@code resources} (plural names; {@code pods/exec} style for
     * sub-resources) of one group version, namespaced or cluster-scoped ({@code scope: *}).
     */
    public Builder rule(
        Set<Operation> operations, String apiGroup, String apiVersion, String... resources) {
      Set<String> ops = new TreeSet<>();
      operations.forEach(op -> ops.add(op.name()));
      rules.add(
          new RuleWithOperationsBuilder()
              .withOperations(List.copyOf(ops))
              .withApiGroups(apiGroup)
              .withApiVersions(apiVersion)
              .withResources(Arrays.asList(resources))
              .withScope("*")
              .build());
      return this;
    }

    public Builder rule(RuleWithOperations rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    public Builder failurePolicy(FailurePolicy failurePolicy) {
      this.failurePolicy = failurePolicy;
      return this;
    }

    public Builder timeoutSeconds(int timeoutSeconds) {
      this.timeoutSeconds = timeoutSeconds;
      return this;
    }

    public Builder reinvocationPolicy(ReinvocationPolicy reinvocationPolicy) {
      this.reinvocationPolicy = reinvocationPolicy;
      return this;
    }

    /** Further namespace constraints; the exemptions are added to them, never replaced. */
    public Builder namespaceSelector(LabelSelector namespaceSelector) {
      this.namespaceSelector = namespaceSelector;
      return this;
    }

    public Builder objectSelector(LabelSelector objectSelector) {
      this.objectSelector = objectSelector;
      return this;
    }

    /** A CEL pre-filter ({@code matchConditions}, GA in Kubernetes 1.30). */
    public Builder matchCondition(String conditionName, String expression) {
      matchConditions.add(
          new MatchConditionBuilder().withName(conditionName).withExpression(expression).build());
      return this;
    }

    public WebhookSpec build() {
      return new WebhookSpec(
          name,
          path,
          rules,
          failurePolicy,
          timeoutSeconds,
          reinvocationPolicy,
          namespaceSelector,
          objectSelector,
          matchConditions);
    }
  }
}
