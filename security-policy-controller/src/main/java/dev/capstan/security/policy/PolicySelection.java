package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.PolicyEvaluation.Outcome;
import dev.capstan.security.policy.pod.PodCopy;
import dev.capstan.security.policy.rules.BaseCheckMemo;
import dev.capstan.security.policy.rules.CompiledPolicy;
import dev.capstan.security.policy.rules.PodDefaulter;
import dev.capstan.security.policy.rules.PodValidator;
import dev.capstan.security.policy.rules.PolicyCompiler;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PodSecurityPolicy's selection ({@code computeSecurityContext}), made deterministic: policies in
 * {@link PolicyOrder} (on validation the hinted policy first); the first usable policy that admits
 * the pod unchanged wins; otherwise the first usable one that admits it with defaults; otherwise
 * the pod is rejected with the closest usable policy's violations. RBAC authorization is asked
 * lazily, only for policies that would admit the pod and for the closest failing one.
 */
final class PolicySelection {

  /** The outcome of one selection over a set of policies. */
  record Result(
      boolean governed,
      boolean allowed,
      CompiledPolicy chosen,
      Pod pod,
      List<String> defaulted,
      String exemption,
      String matchedBy,
      CompiledPolicy closest,
      List<Violation> closestViolations,
      int unusable,
      int invalid,
      List<PolicyEvaluation> evaluations) {}

  private record Candidate(
      CompiledPolicy policy,
      Pod pod,
      List<String> defaulted,
      List<Violation> violations,
      String matchedBy) {}

  /** A pod with one set of defaults applied, and the fields they set. */
  private record Defaulted(Pod pod, List<String> fields) {
    static Defaulted of(Pod pod, PodDefaulter.Defaults defaults) {
      Pod copy = PodCopy.forDefaulting(pod);
      List<String> fields = PodDefaulter.apply(defaults, copy);
      // nothing set: the original, whose base checks other such policies share
      return fields.isEmpty() ? new Defaulted(pod, List.of()) : new Defaulted(copy, fields);
    }
  }

  private PolicySelection() {}

  static Result select(
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      Pod pod,
      boolean mutate,
      String hint,
      String namespace,
      Map<String, String> namespaceLabels,
      UserInfo user,
      UseAuthorizer authorizer,
      List<Violation> modelGaps) {
    List<PodSecurityPolicy> ordered = new ArrayList<>(policies);
    ordered.sort(PolicyOrder.COMPARATOR);
    if (!mutate && hint != null) {
      ordered.stream()
          .filter(p -> hint.equals(PolicyOrder.name(p)))
          .findFirst()
          .ifPresent(
              p -> {
                ordered.remove(p);
                ordered.add(0, p);
              });
    }
    List<PolicyEvaluation> evaluations = new ArrayList<>();
    List<PodSecurityPolicy> governing = new ArrayList<>();
    int invalid = 0;
    for (PodSecurityPolicy p : ordered) {
      PolicyCompiler.Result r = compiled.get(PolicyOrder.name(p));
      if (!PolicyBindings.governs(p, namespace, namespaceLabels)) {
        evaluations.add(
            eval(p, r, Outcome.NOT_GOVERNING, "namespaceSelector does not select " + namespace));
      } else if (!r.valid()) {
        invalid++;
        evaluations.add(eval(p, r, Outcome.INVALID, String.join("; ", r.errors())));
      } else {
        governing.add(p);
      }
    }
    if (governing.isEmpty()) {
      return new Result(
          false, true, null, pod, List.of(), null, null, null, List.of(), 0, invalid, evaluations);
    }
    for (PodSecurityPolicy p : governing) {
      Optional<String> exempt = PolicyBindings.exemption(p, namespace, user, pod);
      if (exempt.isPresent()) {
        CompiledPolicy c = compiled.get(PolicyOrder.name(p)).policy();
        evaluations.add(
            new PolicyEvaluation(
                c.name(),
                c.mode(),
                Outcome.EXEMPT,
                "exempt " + exempt.get(),
                List.of(),
                List.of()));
        return new Result(
            true,
            true,
            c,
            pod,
            List.of(),
            exempt.get(),
            "exempt " + exempt.get(),
            null,
            List.of(),
            0,
            invalid,
            evaluations);
      }
    }
    Requester.ServiceAccount sa = PolicyBindings.serviceAccount(pod, namespace);
    Candidate withDefaults = null;
    List<Candidate> failing = new ArrayList<>();
    List<Candidate> failingRbac = new ArrayList<>();
    int unusable = 0;
    BaseCheckMemo baseChecks = new BaseCheckMemo();
    // policies with equal defaults default the pod identically: one copy for all of them
    Map<PodDefaulter.Defaults, Defaulted> defaultedPods = mutate ? new HashMap<>(4) : null;
    for (PodSecurityPolicy p : governing) {
      CompiledPolicy c = compiled.get(PolicyOrder.name(p)).policy();
      boolean rbac = PolicyBindings.usesRbac(p);
      String matchedBy = null;
      if (!rbac) {
        Optional<String> match = PolicyBindings.subjectMatch(p, sa, user);
        if (match.isEmpty()) {
          unusable++;
          evaluations.add(
              new PolicyEvaluation(
                  c.name(),
                  c.mode(),
                  Outcome.NOT_USABLE,
                  "no subject matches",
                  List.of(),
                  List.of()));
          continue;
        }
        matchedBy = match.get();
      }
      // only defaulting changes the pod: the validator reads it, so validation needs no copy
      Defaulted d =
          mutate
              ? defaultedPods.computeIfAbsent(
                  PodDefaulter.Defaults.of(c), defaults -> Defaulted.of(pod, defaults))
              : new Defaulted(pod, List.of());
      Pod copy = d.pod();
      List<String> defaulted = d.fields();
      List<Violation> violations = new ArrayList<>(modelGaps);
      violations.addAll(PodValidator.validate(c, copy, baseChecks));
      if (!violations.isEmpty()) {
        Candidate candidate = new Candidate(c, copy, defaulted, violations, matchedBy);
        (rbac ? failingRbac : failing).add(candidate);
        evaluations.add(
            new PolicyEvaluation(
                c.name(), c.mode(), Outcome.DENIES, matchedBy, defaulted, violations));
        continue;
      }
      if (rbac) {
        Optional<String> match = PolicyBindings.rbacMatch(p, namespace, sa, user, authorizer);
        if (match.isEmpty()) {
          unusable++;
          evaluations.add(
              new PolicyEvaluation(
                  c.name(),
                  c.mode(),
                  Outcome.NOT_USABLE,
                  "no RBAC use grant for the service account or user",
                  List.of(),
                  List.of()));
          continue;
        }
        matchedBy = match.get();
      }
      if (defaulted.isEmpty()) {
        evaluations.add(
            new PolicyEvaluation(
                c.name(), c.mode(), Outcome.ADMITS_UNCHANGED, matchedBy, List.of(), List.of()));
        return new Result(
            true,
            true,
            c,
            copy,
            List.of(),
            null,
            matchedBy,
            null,
            List.of(),
            unusable,
            invalid,
            evaluations);
      }
      evaluations.add(
          new PolicyEvaluation(
              c.name(), c.mode(), Outcome.ADMITS_WITH_DEFAULTS, matchedBy, defaulted, List.of()));
      if (withDefaults == null) {
        withDefaults = new Candidate(c, copy, defaulted, List.of(), matchedBy);
      }
    }
    if (withDefaults != null) {
      return new Result(
          true,
          true,
          withDefaults.policy(),
          withDefaults.pod(),
          withDefaults.defaulted(),
          null,
          withDefaults.matchedBy(),
          null,
          List.of(),
          unusable,
          invalid,
          evaluations);
    }
    // rejected: errors only from policies the requester may use; the others are counted
    for (Candidate c : failingRbac) {
      if (PolicyBindings.rbacMatch(c.policy().source(), namespace, sa, user, authorizer)
          .isPresent()) {
        failing.add(c);
      } else {
        unusable++;
      }
    }
    Candidate closest = null;
    for (Candidate c : failing) {
      if (closest == null
          || c.violations().size() < closest.violations().size()
          || (c.violations().size() == closest.violations().size()
              && PolicyOrder.COMPARATOR.compare(c.policy().source(), closest.policy().source())
                  < 0)) {
        closest = c;
      }
    }
    return new Result(
        true,
        false,
        null,
        pod,
        List.of(),
        null,
        null,
        closest == null ? null : closest.policy(),
        closest == null ? List.of() : closest.violations(),
        unusable,
        invalid,
        evaluations);
  }

  private static PolicyEvaluation eval(
      PodSecurityPolicy p, PolicyCompiler.Result r, Outcome outcome, String why) {
    return new PolicyEvaluation(
        PolicyOrder.name(p),
        p.getSpec() == null ? null : p.getSpec().getMode(),
        outcome,
        why,
        List.of(),
        List.of());
  }
}
