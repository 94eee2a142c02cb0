package dev.capstan.network.status;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.STALLED;
import static dev.capstan.core.status.Conditions.condition;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.IntentIssue;
import dev.capstan.network.compile.Problem;
import dev.capstan.network.lint.Finding;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * The conditions of an intent (NamespacePosture, TrafficRule) after its policies were written, in
 * the kstatus vocabulary. Ready means "the NetworkPolicy objects are written", never that a CNI
 * enforces them. An ERROR problem (a part of the intent that is unsatisfiable or conflicts with
 * another intent, and was left out) makes it Stalled and not Ready until the spec changes.
 * Reconciling is never left True: the writes happen inside the reconcile, and a failed write is
 * retried rather than reported.
 */
public final class IntentConditions {

  /** Ready's reason when every policy is written. */
  public static final String PROGRAMMED = "Programmed";

  /** Ready's and Stalled's reason when part of the intent cannot be realised. */
  public static final String UNSATISFIABLE = "Unsatisfiable";

  private static final int MAX_MESSAGE = 1024;

  private IntentConditions() {}

  public static List<Condition> of(
      List<Condition> previous,
      List<Problem> problems,
      String programmedMessage,
      Long generation,
      Instant now) {
    List<Problem> errors =
        problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    boolean stalled = !errors.isEmpty();
    String reason = stalled ? UNSATISFIABLE : PROGRAMMED;
    String message = stalled ? stalledMessage(errors) : programmedMessage;
    return Conditions.mergeAll(
        previous,
        List.of(
            condition(READY, !stalled, reason, message, generation),
            condition(RECONCILING, false, reason, message, generation),
            condition(STALLED, stalled, reason, message, generation)),
        now);
  }

  private static String stalledMessage(List<Problem> errors) {
    StringBuilder text = new StringBuilder();
    for (Problem p : errors) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(p.field()).append(": ").append(p.message());
    }
    String all = text.toString();
    return all.length() <= MAX_MESSAGE ? all : all.substring(0, MAX_MESSAGE - 3) + "...";
  }

  public static IntentIssue issue(Problem problem) {
    return IntentIssue.of(severity(problem.severity().name()), problem.field(), problem.message());
  }

  public static IntentIssue issue(Finding finding) {
    IntentIssue issue =
        IntentIssue.of(severity(finding.severity().name()), finding.field(), finding.message());
    issue.setCode(finding.code().name());
    issue.setPolicy(finding.policy());
    return issue;
  }

  private static String severity(String enumName) {
    return enumName.charAt(0) + enumName.substring(1).toLowerCase();
  }
}
