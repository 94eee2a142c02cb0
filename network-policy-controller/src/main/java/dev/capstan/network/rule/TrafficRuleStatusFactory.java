package dev.capstan.network.rule;

import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.crds.network.v1alpha1.TrafficRuleStatus;
import dev.capstan.network.apply.PolicyMatch;
import dev.capstan.network.compile.Compilation;
import dev.capstan.network.status.IntentConditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A TrafficRule's status from its compilation. Pure apart from the clock. */
public final class TrafficRuleStatusFactory {

  private final Clock clock;

  public TrafficRuleStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public TrafficRuleStatus statusFor(TrafficRule rule, Compilation compilation) {
    Long generation = rule.getMetadata().getGeneration();
    TrafficRuleStatus previous =
        rule.getStatus() == null ? new TrafficRuleStatus() : rule.getStatus();
    TrafficRuleStatus status = new TrafficRuleStatus();
    status.setObservedGeneration(generation);
    List<String> policies = compilation.policies().stream().map(PolicyMatch::key).sorted().toList();
    status.setPolicyCount(policies.size());
    status.setPolicies(new ArrayList<>(policies));
    status.setProblems(
        new ArrayList<>(compilation.problems().stream().map(IntentConditions::issue).toList()));
    String message =
        policies.size()
            + " NetworkPolicy objects written (written, not a statement about CNI enforcement)";
    status.setConditions(
        IntentConditions.of(
            previous.getConditions(),
            compilation.problems(),
            message,
            generation,
            clock.instant()));
    return status;
  }
}
