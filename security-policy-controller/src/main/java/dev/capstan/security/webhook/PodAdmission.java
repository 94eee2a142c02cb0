package dev.capstan.security.webhook;

import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Mutation;
import dev.capstan.core.admission.WebhookRequest;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.security.policy.AdmissionDecision;
import dev.capstan.security.policy.AdmissionEngine;
import dev.capstan.security.policy.AdmissionRequest;
import dev.capstan.security.policy.Operation;
import dev.capstan.security.policy.UseAuthorizer;
import dev.capstan.security.policy.UserInfo;
import dev.capstan.security.policy.pod.PodTemplates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * operator-core's {@link dev.capstan.core.admission.Mutator} and {@link
 * dev.capstan.core.admission.Validator} over the pure {@link AdmissionEngine}: translates the
 * decoded request (operation, sub-resource, user, namespace and its labels), hands over the
 * policies of the moment and turns the engine's answer into a patch or a decision. No I/O of its
 * own: the policies, the namespace labels and the RBAC oracle are passed in.
 *
 * <ul>
 *   <li>{@link #mutate}: pod CREATE only; defaults unset fields, records the chosen policy in the
 *       {@code security.capstan.dev/policy} annotation and lists the defaulted fields in a warning.
 *       A pod no usable policy admits is denied here already (PSP's Admit did the same).
 *   <li>{@link #validate}: pod CREATE and UPDATE, and {@code pods/ephemeralcontainers}; judges the
 *       object as it will be stored, without defaults, and carries warn/audit results.
 * </ul>
 */
public final class PodAdmission {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final AdmissionEngine engine = new AdmissionEngine();
  private final Supplier<List<PodSecurityPolicy>> policies;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final Supplier<UseAuthorizer> authorizer;

  /**
   * @param policies the current policies (an informer's cache)
   * @param namespaceLabels a namespace's labels by name
   * @param authorizer a fresh RBAC {@code use} oracle for each request (its time budget starts when
   *     it is created)
   */
  public PodAdmission(
      Supplier<List<PodSecurityPolicy>> policies,
      Function<String, Map<String, String>> namespaceLabels,
      Supplier<UseAuthorizer> authorizer) {
    this.policies = policies;
    this.namespaceLabels = namespaceLabels;
    this.authorizer = authorizer;
  }

  public Mutation<Pod> mutate(WebhookRequest<Pod> request) {
    if (request.operation() != dev.capstan.core.admission.Operation.CREATE
        || request.subResource() != null
        || request.object() == null) {
      return Mutation.unchanged();
    }
    AdmissionDecision decision = engine.decide(toEngine(request), policies.get(), authorizer.get());
    if (!decision.allowed()) {
      return new Mutation<>(deny(decision), null);
    }
    if (decision.policy() == null || decision.exemption() != null) {
      return Mutation.unchanged();
    }
    Decision allowed = Decision.allow();
    if (decision.mutated()) {
      allowed =
          allowed.withWarning(
              "PodSecurityPolicy \""
                  + decision.policy()
                  + "\" set defaults: "
                  + String.join(", ", decision.defaultedFields()));
    }
    for (Map.Entry<String, String> e : decision.auditAnnotations().entrySet()) {
      allowed = allowed.withAuditAnnotation(e.getKey(), e.getValue());
    }
    return new Mutation<>(allowed, (Pod) decision.object());
  }

  public Decision validate(WebhookRequest<Pod> request) {
    if (request.object() == null) {
      return Decision.allow();
    }
    AdmissionDecision decision =
        engine.validate(toEngine(request), policies.get(), authorizer.get());
    Decision result = decision.allowed() ? Decision.allow() : deny(decision);
    result = result.withWarnings(decision.warnings());
    for (Map.Entry<String, String> e : decision.auditAnnotations().entrySet()) {
      result = result.withAuditAnnotation(e.getKey(), e.getValue());
    }
    return result;
  }

  /**
   * Workloads with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
   * and Capstan's Application, whose pod template is rendered as the workload controller renders
   * it): warned about when their pods would be rejected, or denied when an enforce policy governing
   * the namespace sets {@code workloads: deny}, so users learn at {@code kubectl apply} time and
   * not from ReplicaSet events. An UPDATE that leaves the template alone (scaling, labels) is not
   * judged again, so a workload admitted before a deny policy existed can still be scaled.
   */
  public Decision validateWorkload(WebhookRequest<HasMetadata> request) {
    // status and scale never change the pods (and the configurations do not register them)
    if (request.subResource() != null) {
      return Decision.allow();
    }
    HasMetadata object = typed(request.object());
    if (object == null || PodTemplates.templateOf(object).isEmpty()) {
      return Decision.allow();
    }
    if (request.operation() == dev.capstan.core.admission.Operation.UPDATE
        && request.oldObject() != null
        && PodTemplates.templateOf(object)
            .equals(PodTemplates.templateOf(typed(request.oldObject())))) {
      return Decision.allow();
    }
    String namespace = request.namespace();
    AdmissionRequest engineRequest =
        new AdmissionRequest(
            Operation.CREATE,
            null,
            object,
            null,
            namespace,
            namespace == null ? Map.of() : namespaceLabels.apply(namespace),
            user(request.userInfo()));
    AdmissionDecision decision = engine.decide(engineRequest, policies.get(), authorizer.get());
    Decision result =
        (decision.allowed() ? Decision.allow() : deny(decision)).withWarnings(decision.warnings());
    for (Map.Entry<String, String> e : decision.auditAnnotations().entrySet()) {
      result = result.withAuditAnnotation(e.getKey(), e.getValue());
    }
    return result;
  }

  /**
   * The fabric8 model class of a workload (the framework's codec decodes {@code HasMetadata} to
   * {@code GenericKubernetesResource}); fabric8's serialization resolves apiVersion and kind.
   */
  private static HasMetadata typed(HasMetadata object) {
    if (object instanceof GenericKubernetesResource generic) {
      String json = SERIALIZATION.asJson(generic);
      // a custom resource: fabric8 resolves only the kinds registered with it
      if (Application.KIND.equals(generic.getKind())
          && HasMetadata.getApiVersion(Application.class).equals(generic.getApiVersion())) {
        return SERIALIZATION.unmarshal(json, Application.class);
      }
      return SERIALIZATION.unmarshal(json, HasMetadata.class);
    }
    return object;
  }

  private static Decision deny(AdmissionDecision decision) {
    return Decision.deny(decision.denial().message());
  }

  AdmissionRequest toEngine(WebhookRequest<Pod> request) {
    String namespace = request.namespace();
    return new AdmissionRequest(
        Operation.valueOf(request.operation().name()),
        request.subResource(),
        request.object(),
        request.oldObject(),
        namespace,
        namespace == null ? Map.of() : namespaceLabels.apply(namespace),
        user(request.userInfo()));
  }

  static UserInfo user(io.fabric8.kubernetes.api.model.authentication.UserInfo info) {
    if (info == null || info.getUsername() == null) {
      return null;
    }
    return new UserInfo(info.getUsername(), info.getUid(), info.getGroups(), info.getExtra());
  }
}
