package dev.capstan.network.webhook;

import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Validator;
import dev.capstan.core.admission.WebhookRequest;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.network.apply.Owners;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.lint.Finding;
import dev.capstan.network.lint.NetworkPolicyLinter;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lint webhook's decision: always allowed, with the lint findings of the reviewed NetworkPolicy
 * as warnings, when a NamespacePosture selects its namespace. The findings are those the posture's
 * status lists ({@link NetworkPolicyLinter}, with the namespace's other policies — Capstan's
 * included — as context, so a raw egress deny is fine where the posture already allows DNS).
 * Capstan's own policies are not linted. Pure: the cluster comes in through a {@link ClusterView}.
 */
public final class PolicyLintAdmission implements Validator<NetworkPolicy> {

  private static final Logger LOGGER = LoggerFactory.getLogger(PolicyLintAdmission.class);

  /** Longer warnings may be truncated by the apiserver. */
  static final int MAX_WARNING = 256;

  /** What the decision reads from the cluster (informer caches at run time). */
  public interface ClusterView {
    /** The namespace's labels, or empty when the namespace is unknown. */
    Optional<Map<String, String>> namespaceLabels(String namespace);

    List<NamespacePosture> postures();

    /** The stored NetworkPolicies of the namespace. */
    List<NetworkPolicy> policiesIn(String namespace);
  }

  private final ClusterView cluster;
  private final NetworkPolicyLinter linter;

  public PolicyLintAdmission(ClusterView cluster, NetworkPolicyLinter linter) {
    this.cluster = cluster;
    this.linter = linter;
  }

  /**
   * Never a denial: the framework turns an exception into a 500 denial, which the apiserver would
   * honour whatever the failure policy, so a failing lint allows without warnings instead.
   */
  @Override
  public Decision validate(WebhookRequest<NetworkPolicy> request) {
    try {
      return lint(request);
    } catch (RuntimeException e) {
      LOGGER.warn("NetworkPolicy lint failed; allowing without warnings", e);
      return Decision.allow();
    }
  }

  private Decision lint(WebhookRequest<NetworkPolicy> request) {
    NetworkPolicy policy = request.object();
    String namespace =
        request.namespace() != null
            ? request.namespace()
            : policy == null ? null : policy.getMetadata().getNamespace();
    if (policy == null || namespace == null || Owners.isGenerated(policy)) {
      return Decision.allow();
    }
    Optional<Map<String, String>> labels = cluster.namespaceLabels(namespace);
    if (labels.isEmpty()
        || !selectedByPosture(cluster.postures(), NamespaceInfo.of(namespace, labels.get()))) {
      return Decision.allow();
    }
    List<Finding> findings =
        findings(inNamespace(policy, namespace), cluster.policiesIn(namespace), linter);
    return Decision.allow()
        .withWarnings(findings.stream().map(PolicyLintAdmission::warning).toList());
  }

  /** Whether some posture selects the namespace (the same selection the compiler makes). */
  static boolean selectedByPosture(Collection<NamespacePosture> postures, NamespaceInfo namespace) {
    CompileContext context = CompileContext.of(List.of(namespace));
    return postures.stream()
        .anyMatch(
            p -> !PostureCompiler.selectedNamespaces(p, context, new ArrayList<>()).isEmpty());
  }

  /**
   * The findings of {@code reviewed}, linted with the namespace's stored policies as context (its
   * own stored version replaced by the reviewed one).
   */
  static List<Finding> findings(
      NetworkPolicy reviewed, Collection<NetworkPolicy> stored, NetworkPolicyLinter linter) {
    String namespace = reviewed.getMetadata().getNamespace();
    String name = reviewed.getMetadata().getName();
    List<NetworkPolicy> all = new ArrayList<>();
    all.add(reviewed);
    stored.stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> !Objects.equals(name, p.getMetadata().getName()))
        .forEach(all::add);
    String key = namespace + "/" + name;
    return linter.lint(all).stream().filter(f -> f.policy().equals(key)).toList();
  }

  /**
   * One line a client shows, code first so that a cut keeps it: {@code
   * DEFAULT_DENY_EGRESS_WITHOUT_DNS spec.egress: isolates egress, ...}.
   */
  static String warning(Finding finding) {
    String text = finding.code() + " " + finding.field() + ": " + finding.message();
    return text.length() <= MAX_WARNING ? text : text.substring(0, MAX_WARNING - 1) + "…";
  }

  /** The object with its namespace set (a review's object may leave it to the request). */
  private static NetworkPolicy inNamespace(NetworkPolicy policy, String namespace) {
    if (namespace.equals(policy.getMetadata().getNamespace())) {
      return policy;
    }
    return new NetworkPolicyBuilder(policy)
        .withMetadata(new ObjectMetaBuilder(policy.getMetadata()).withNamespace(namespace).build())
        .build();
  }
}
