package dev.capstan.network.posture;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NamespacePostureStatus;
import dev.capstan.network.apply.PolicyMatch;
import dev.capstan.network.compile.Compilation;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.lint.Finding;
import dev.capstan.network.status.IntentConditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A NamespacePosture's status from its compilation and lint. Pure apart from the clock. */
public final class PostureStatusFactory {

  /** At most this many namespaces, policies and lint findings are listed. */
  public static final int MAX_LISTED = 100;

  private final Clock clock;

  public PostureStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public NamespacePostureStatus statusFor(
      NamespacePosture posture,
      Compilation compilation,
      List<NamespaceInfo> selected,
      List<Finding> lintFindings) {
    Long generation = posture.getMetadata().getGeneration();
    NamespacePostureStatus previous =
        posture.getStatus() == null ? new NamespacePostureStatus() : posture.getStatus();
    NamespacePostureStatus status = new NamespacePostureStatus();
    status.setObservedGeneration(generation);
    status.setNamespaceCount(selected.size());
    status.setNamespaces(
        selected.stream().map(NamespaceInfo::name).sorted().limit(MAX_LISTED).toList());
    List<String> policies = compilation.policies().stream().map(PolicyMatch::key).sorted().toList();
    status.setPolicyCount(policies.size());
    status.setPolicies(new ArrayList<>(policies.stream().limit(MAX_LISTED).toList()));
    status.setProblems(
        new ArrayList<>(compilation.problems().stream().map(IntentConditions::issue).toList()));
    status.setLintFindings(
        new ArrayList<>(
            lintFindings.stream().limit(MAX_LISTED).map(IntentConditions::issue).toList()));
    String message =
        policies.size()
            + " NetworkPolicy objects written in "
            + selected.size()
            + " namespaces (written, not a statement about CNI enforcement)";
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
