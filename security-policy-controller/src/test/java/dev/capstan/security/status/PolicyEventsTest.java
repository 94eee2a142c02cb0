package dev.capstan.security.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventType;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicyStatus;
import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.rules.PolicyCompiler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A policy's life as a sequence of reconciles, and the Events each status change yields. */
class PolicyEventsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String VALID_SPEC = "base: {level: baseline}";
  private static final String MISSING_RANGES =
      "runAsUser: {rule: MustRunAs}\nseLinux: {rule: RunAsAny}\n"
          + "supplementalGroups: {rule: RunAsAny}\nfsGroup: {rule: RunAsAny}";
  private static final String MISSING_GROUP_RANGES =
      "runAsUser: {rule: RunAsAny}\nseLinux: {rule: RunAsAny}\n"
          + "supplementalGroups: {rule: MustRunAs}\nfsGroup: {rule: RunAsAny}";

  private final PolicyStatusFactory factory = new PolicyStatusFactory(CLOCK);
  private PodSecurityPolicyStatus stored;

  /** One reconcile: the spec and audit of the moment; returns the Events and keeps the status. */
  private List<EventDetails> reconcile(String spec, int violating) {
    PodSecurityPolicy policy = Fixtures.policy("p", spec);
    policy.getMetadata().setGeneration(1L);
    policy.setStatus(stored);
    PolicyCompiler.Result compiled = PolicyCompiler.compile(policy);
    List<String> sample =
        IntStream.range(0, Math.min(violating, 5)).mapToObj(i -> "ns/p" + i).toList();
    PodSecurityPolicyStatus next =
        factory.statusFor(
            policy,
            compiled,
            compiled.valid()
                ? new PolicyAudit.Result(violating, sample)
                : new PolicyAudit.Result(0, List.of()));
    List<EventDetails> events = PolicyEvents.between(stored, next);
    stored = next;
    return events;
  }

  private static List<String> reasons(List<EventDetails> events) {
    return events.stream().map(e -> e.type().value() + " " + e.reason()).toList();
  }

  @Test
  void aNewValidPolicyWithoutViolationsIsNoNews() {
    assertThat(reconcile(VALID_SPEC, 0)).isEmpty();
    assertThat(reconcile(VALID_SPEC, 0)).as("unchanged").isEmpty();
  }

  @Test
  void violationsAppearingAndResolvingAreReportedOnceEach() {
    assertThat(reconcile(VALID_SPEC, 0)).isEmpty();

    List<EventDetails> found = reconcile(VALID_SPEC, 2);
    assertThat(reasons(found)).containsExactly("Warning ViolatingPods");
    assertThat(found.get(0).action()).isEqualTo(PolicyEvents.AUDIT);
    assertThat(found.get(0).note())
        .isEqualTo(
            "2 running pod(s) in the policy's scope would not be admitted, e.g. ns/p0, ns/p1");

    assertThat(reconcile(VALID_SPEC, 7)).as("more of the same is no transition").isEmpty();
    assertThat(reconcile(VALID_SPEC, 7)).as("a re-audit that finds the same").isEmpty();

    List<EventDetails> resolved = reconcile(VALID_SPEC, 0);
    assertThat(reasons(resolved)).containsExactly("Normal ViolationsResolved");
    assertThat(resolved.get(0).note()).contains("(7 before)");
    assertThat(reconcile(VALID_SPEC, 0)).isEmpty();
  }

  @Test
  void aFirstAuditWithViolationsIsReported() {
    assertThat(reasons(reconcile(VALID_SPEC, 1))).containsExactly("Warning ViolatingPods");
  }

  @Test
  void becomingInvalidAndValidAgainIsReported() {
    assertThat(reconcile(VALID_SPEC, 0)).isEmpty();

    List<EventDetails> invalid = reconcile(MISSING_RANGES, 0);
    assertThat(reasons(invalid)).containsExactly("Warning InvalidPolicy");
    assertThat(invalid.get(0).action()).isEqualTo(PolicyEvents.COMPILE);
    assertThat(invalid.get(0).note())
        .startsWith("The policy is invalid and skipped by the admission webhooks: ")
        .contains("runAsUser");
    assertThat(reconcile(MISSING_RANGES, 0)).as("still the same errors").isEmpty();
    assertThat(reasons(reconcile(MISSING_GROUP_RANGES, 0)))
        .as("other errors are news")
        .containsExactly("Warning InvalidPolicy");

    assertThat(reasons(reconcile(VALID_SPEC, 0))).containsExactly("Normal PolicyValid");
    assertThat(reconcile(VALID_SPEC, 0)).isEmpty();
  }

  @Test
  void validAgainWithViolationsReportsBoth() {
    assertThat(reasons(reconcile(MISSING_RANGES, 0))).containsExactly("Warning InvalidPolicy");
    assertThat(reasons(reconcile(VALID_SPEC, 3)))
        .containsExactly("Normal PolicyValid", "Warning ViolatingPods");
  }

  @Test
  void aPolicyThatTurnsInvalidWhileViolatedSaysInvalidOnly() {
    assertThat(reasons(reconcile(VALID_SPEC, 3))).containsExactly("Warning ViolatingPods");
    List<EventDetails> invalid = reconcile(MISSING_RANGES, 0);
    assertThat(reasons(invalid)).containsExactly("Warning InvalidPolicy");
    assertThat(invalid.get(0).type()).isEqualTo(EventType.WARNING);
  }
}
