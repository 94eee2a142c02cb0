package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PolicyMode;
import dev.capstan.crds.security.v1alpha1.WorkloadAction;
import dev.capstan.security.policy.pod.ModelGaps;
import dev.capstan.security.policy.pod.PodCopy;
import dev.capstan.security.policy.pod.PodTemplates;
import dev.capstan.security.policy.pod.SignificantUpdate;
import dev.capstan.security.policy.rules.PolicyCompiler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The pure admission decision for pods and pod templates: no client, no HTTP. The webhook parses
 * the AdmissionReview, looks up the namespace's labels and the policies, and turns the decision
 * into a response (patch, warnings, audit annotations).
 *
 * <ul>
 *   <li><b>enforce</b> policies decide: where at least one governs the namespace, the pod must be
 *       admitted by one the requester may use (see {@link PolicySelection}); where none does, the
 *       pod is admitted unchanged (the cluster default is privileged).
 *   <li><b>warn</b> and <b>audit</b> policies report what would happen were they enforced too: the
 *       same selection over enforce + warn (audit) policies; a rejection there becomes warnings (an
 *       audit annotation). Warnings are skipped when the pod is rejected anyway.
 *   <li>CREATE may default fields; UPDATE never does, and is only checked when significant (an
 *       image changed, a container — e.g. an ephemeral one — was added).
 *   <li>Pod templates of workloads are checked as their pods would be on CREATE and warned about
 *       (the pods themselves are enforced when the controller creates them), or denied where an
 *       enforce policy governing the namespace sets {@code workloads: deny}; violations name the
 *       workload's fields ({@code spec.template.spec...}; for an Application, whose pod is rendered
 *       as its workload controller renders it, its own fields, see {@link
 *       PodTemplates#fieldPaths}).
 * </ul>
 */
public final class AdmissionEngine {

  /** Subresources whose requests carry no pod spec change worth checking (as PSA ignores them). */
  public static final Set<String> IGNORED_SUBRESOURCES =
      Set.of("exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status");

  private final CompiledPolicies compiledPolicies = new CompiledPolicies();

  private static final String AUDIT_POLICY = "policy";
  private static final String AUDIT_EXEMPT = "exempt";
  private static final String AUDIT_DEFAULTED = "defaulted";
  private static final String AUDIT_VIOLATIONS = "audit-violations";

  public AdmissionDecision decide(
      AdmissionRequest request, List<PodSecurityPolicy> policies, UseAuthorizer authorizer) {
    return decide(request, policies, authorizer, true);
  }

  /**
   * The validating phase (PSP's Validate): like {@link #decide} but nothing is defaulted, on CREATE
   * too, and the policy named in the pod's annotation is tried first. The validating webhook judges
   * the object as it will be stored, after every mutating webhook (ours included) ran, so a pod the
   * mutating webhook never saw (it failed open) is not admitted on the strength of defaults it
   * lacks.
   */
  public AdmissionDecision validate(
      AdmissionRequest request, List<PodSecurityPolicy> policies, UseAuthorizer authorizer) {
    return decide(request, policies, authorizer, false);
  }

  private AdmissionDecision decide(
      AdmissionRequest request,
      List<PodSecurityPolicy> policies,
      UseAuthorizer authorizer,
      boolean mayMutate) {
    HasMetadata object = request.object();
    if (request.operation() != Operation.CREATE && request.operation() != Operation.UPDATE) {
      return allow(object, List.of());
    }
    if (request.subResource() != null && IGNORED_SUBRESOURCES.contains(request.subResource())) {
      return allow(object, List.of());
    }
    Map<String, PolicyCompiler.Result> compiled = new HashMap<>();
    for (PodSecurityPolicy p : policies) {
      compiled.put(PolicyOrder.name(p), compiledPolicies.get(p));
    }
    compiledPolicies.retainOnly(policies);
    if (object instanceof Pod pod) {
      return decidePod(request, pod, policies, compiled, authorizer, mayMutate);
    }
    Optional<Pod> templated = PodTemplates.podOf(object);
    if (templated.isPresent()) {
      return decideTemplate(request, templated.get(), policies, compiled, authorizer);
    }
    String kind = object == null ? "null" : object.getKind();
    Denial denial =
        new Denial(
            null,
            List.of(),
            0,
            0,
            "PodSecurityPolicy: unexpected object kind "
                + kind
                + "; expected a Pod or a workload with a pod template");
    return new AdmissionDecision(
        false, null, object, List.of(), List.of(), Map.of(), denial, null, List.of());
  }

  private AdmissionDecision decidePod(
      AdmissionRequest request,
      Pod pod,
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      UseAuthorizer authorizer,
      boolean mayMutate) {
    boolean isCreate = request.operation() == Operation.CREATE;
    // "create" below means: defaults may be set (CREATE in the mutating phase)
    boolean create = isCreate && mayMutate;
    if (!isCreate
        && request.oldObject() instanceof Pod old
        && !SignificantUpdate.isSignificant(pod, old)) {
      return allow(pod, List.of());
    }
    ModelGaps gaps = ModelGaps.scan(pod);
    String hint = create ? null : annotation(pod, PodSecurityPolicy.POLICY_ANNOTATION);
    PolicySelection.Result enforce =
        select(
            withModes(policies, PolicyMode.enforce),
            compiled,
            pod,
            create,
            hint,
            request,
            request.userInfo(),
            authorizer,
            gaps);
    List<String> warnings = new ArrayList<>(gaps.warnings());
    Map<String, String> audit = new LinkedHashMap<>();
    audit(request, pod, policies, compiled, create, hint, authorizer, gaps, audit);
    if (!enforce.allowed()) {
      String verb = create ? "admit" : "validate";
      Denial denial = denial(enforce, "PodSecurityPolicy: unable to " + verb + " pod: ", request);
      return new AdmissionDecision(
          false, null, pod, List.of(), warnings, audit, denial, null, enforce.evaluations());
    }
    warnings.addAll(
        warn(request, pod, policies, compiled, create, hint, authorizer, gaps, null, null));
    Pod result = pod;
    String policy = enforce.chosen() == null ? null : enforce.chosen().name();
    if (policy != null) {
      audit.put(AUDIT_POLICY, policy);
    }
    if (enforce.exemption() != null) {
      audit.put(AUDIT_EXEMPT, enforce.exemption());
    }
    if (create && policy != null && enforce.exemption() == null) {
      // the selected pod may share its metadata with the request's pod (PodCopy)
      result = PodCopy.withOwnAnnotations(enforce.pod());
      result.getMetadata().getAnnotations().put(PodSecurityPolicy.POLICY_ANNOTATION, policy);
      if (!enforce.defaulted().isEmpty()) {
        audit.put(AUDIT_DEFAULTED, String.join(",", enforce.defaulted()));
        warnings.add(
            "PodSecurityPolicy \""
                + policy
                + "\" set defaults: "
                + String.join(", ", enforce.defaulted()));
      }
    }
    return new AdmissionDecision(
        true,
        policy,
        result,
        enforce.defaulted(),
        warnings,
        audit,
        null,
        enforce.exemption(),
        enforce.evaluations());
  }

  private AdmissionDecision decideTemplate(
      AdmissionRequest request,
      Pod pod,
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      UseAuthorizer authorizer) {
    HasMetadata workload = request.object();
    ModelGaps gaps = ModelGaps.scan(pod);
    String what = PodTemplates.describe(workload);
    UnaryOperator<String> templatePath = PodTemplates.fieldPaths(workload);
    // the pods are created by the workload's controller, not by this user: only the service account
    // counts
    PolicySelection.Result enforce =
        select(
            withModes(policies, PolicyMode.enforce),
            compiled,
            pod,
            true,
            null,
            request,
            null,
            authorizer,
            gaps);
    List<String> warnings = new ArrayList<>(gaps.warnings());
    Map<String, String> audit = new LinkedHashMap<>();
    if (!enforce.allowed()) {
      List<String> denying = denyingWorkloads(policies, compiled, request);
      if (!denying.isEmpty()) {
        String asking =
            denying.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
        Denial denial =
            denial(
                enforce,
                what
                    + ": denied (PodSecurityPolicy "
                    + asking
                    + " sets workloads: deny): pods would be rejected: ",
                request,
                templatePath);
        return new AdmissionDecision(
            false, null, workload, List.of(), warnings, audit, denial, null, enforce.evaluations());
      }
      Denial denial = denial(enforce, what + ": pods would be rejected: ", request, templatePath);
      warnings.add(denial.message());
      audit.put(AUDIT_VIOLATIONS, denial.message());
    } else {
      warnings.addAll(
          warn(request, pod, policies, compiled, true, null, authorizer, gaps, what, templatePath));
    }
    return new AdmissionDecision(
        true, null, workload, List.of(), warnings, audit, null, null, enforce.evaluations());
  }

  /**
   * The valid enforce policies governing the workload's namespace that ask for workloads to be
   * denied, in policy order. Governing is enough (usable or not): the pods would be rejected there
   * whoever creates them.
   */
  private static List<String> denyingWorkloads(
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      AdmissionRequest request) {
    return policies.stream()
        .filter(p -> mode(p) == PolicyMode.enforce)
        .filter(p -> p.getSpec() != null && p.getSpec().getWorkloads() == WorkloadAction.deny)
        .filter(p -> compiled.get(PolicyOrder.name(p)).valid())
        .filter(p -> PolicyBindings.governs(p, request.namespace(), request.namespaceLabels()))
        .sorted(PolicyOrder.COMPARATOR)
        .map(PolicyOrder::name)
        .toList();
  }

  private List<String> warn(
      AdmissionRequest request,
      Pod pod,
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      boolean mutate,
      String hint,
      UseAuthorizer authorizer,
      ModelGaps gaps,
      String template,
      UnaryOperator<String> templatePath) {
    if (withModes(policies, PolicyMode.warn).isEmpty()) {
      return List.of();
    }
    UserInfo user = template == null ? request.userInfo() : null;
    PolicySelection.Result r =
        select(
            withModes(policies, PolicyMode.enforce, PolicyMode.warn),
            compiled,
            pod,
            mutate,
            hint,
            request,
            user,
            authorizer,
            gaps);
    if (r.allowed()) {
      return List.of();
    }
    String prefix =
        (template == null ? "" : template + ": ")
            + "would be rejected were warn policies enforced: ";
    Denial denial = denial(r, prefix, request, templatePath);
    List<String> warnings = new ArrayList<>();
    if (r.closest() != null) {
      warnings.add(prefix + "would violate PodSecurityPolicy \"" + r.closest().name() + "\"");
      denial.violations().forEach(v -> warnings.add(v.toString()));
    } else {
      warnings.add(denial.message());
    }
    return warnings;
  }

  private void audit(
      AdmissionRequest request,
      Pod pod,
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      boolean mutate,
      String hint,
      UseAuthorizer authorizer,
      ModelGaps gaps,
      Map<String, String> audit) {
    if (withModes(policies, PolicyMode.audit).isEmpty()) {
      return;
    }
    PolicySelection.Result r =
        select(
            withModes(policies, PolicyMode.enforce, PolicyMode.audit),
            compiled,
            pod,
            mutate,
            hint,
            request,
            request.userInfo(),
            authorizer,
            gaps);
    if (!r.allowed()) {
      audit.put(
          AUDIT_VIOLATIONS,
          denial(r, "would be rejected were audit policies enforced: ", request).message());
    }
  }

  private static PolicySelection.Result select(
      List<PodSecurityPolicy> policies,
      Map<String, PolicyCompiler.Result> compiled,
      Pod pod,
      boolean mutate,
      String hint,
      AdmissionRequest request,
      UserInfo user,
      UseAuthorizer authorizer,
      ModelGaps gaps) {
    return PolicySelection.select(
        policies,
        compiled,
        pod,
        mutate,
        hint,
        request.namespace(),
        request.namespaceLabels(),
        user,
        authorizer,
        gaps.violations());
  }

  static Denial denial(PolicySelection.Result r, String prefix, AdmissionRequest request) {
    return denial(r, prefix, request, null);
  }

  /**
   * @param templatePath turns the pod's field paths into the object's (a workload's pod template,
   *     see {@link PodTemplates#fieldPaths}); null for a pod
   */
  static Denial denial(
      PolicySelection.Result r,
      String prefix,
      AdmissionRequest request,
      UnaryOperator<String> templatePath) {
    List<Violation> violations =
        templatePath == null
            ? r.closestViolations()
            : r.closestViolations().stream().map(v -> v.at(templatePath)).toList();
    StringBuilder message = new StringBuilder(prefix);
    if (r.closest() != null) {
      message.append("violates PodSecurityPolicy \"").append(r.closest().name()).append("\": ");
      message.append(
          violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
      if (r.unusable() > 0) {
        message
            .append(" (")
            .append(r.unusable())
            .append(r.unusable() == 1 ? " other policy" : " other policies")
            .append(" governing the namespace may not be used by this requester)");
      }
    } else {
      message
          .append("no PodSecurityPolicy governing namespace \"")
          .append(request.namespace())
          .append("\" may be used by this requester (")
          .append(r.unusable())
          .append(r.unusable() == 1 ? " policy" : " policies")
          .append(" not usable)");
    }
    if (r.invalid() > 0) {
      message
          .append(" (")
          .append(r.invalid())
          .append(" invalid ")
          .append(r.invalid() == 1 ? "policy" : "policies")
          .append(" skipped)");
    }
    return new Denial(
        r.closest() == null ? null : r.closest().name(),
        violations,
        r.unusable(),
        r.invalid(),
        message.toString());
  }

  private static List<PodSecurityPolicy> withModes(
      List<PodSecurityPolicy> policies, PolicyMode... modes) {
    Set<PolicyMode> wanted = Set.of(modes);
    return policies.stream().filter(p -> wanted.contains(mode(p))).toList();
  }

  private static PolicyMode mode(PodSecurityPolicy p) {
    return p.getSpec() == null || p.getSpec().getMode() == null
        ? PolicyMode.enforce
        : p.getSpec().getMode();
  }

  private static String annotation(Pod pod, String key) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? null
        : pod.getMetadata().getAnnotations().get(key);
  }

  private static AdmissionDecision allow(HasMetadata object, List<String> warnings) {
    return new AdmissionDecision(
        true, null, object, List.of(), warnings, Map.of(), null, null, List.of());
  }
}
