package dev.capstan.network.check;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.STALLED;
import static dev.capstan.core.status.Conditions.condition;

import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheckStatus;
import dev.capstan.network.evaluation.ClusterSnapshot;
import dev.capstan.network.evaluation.NetworkPolicyEvaluator;
import dev.capstan.network.evaluation.PodInfo;
import dev.capstan.network.status.StatusWriter;
import dev.capstan.network.watch.Informers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers a ConnectivityCheck from the live cluster: every NetworkPolicy (Capstan's or not), pod
 * and namespace, read from informer caches into a {@link ClusterSnapshot} (no LIST per reconcile)
 * and evaluated by the pure {@link NetworkPolicyEvaluator}. Pod and policy changes re-evaluate the
 * checks with an endpoint in their namespace, namespace changes every check ({@link
 * ChecksAffected}). The status is written only when the answer changed.
 */
@ControllerConfiguration(name = ConnectivityCheckReconciler.NAME)
public class ConnectivityCheckReconciler implements ConfigurableReconciler<ConnectivityCheck> {

  public static final String NAME = "connectivitycheck";

  /** Ready's reason: the check was answered from the current policies. */
  public static final String EVALUATED = "Evaluated";

  private final Clock clock = Clock.systemUTC();
  private InformerEventSource<Namespace, ConnectivityCheck> namespaces;
  private InformerEventSource<Pod, ConnectivityCheck> pods;
  private InformerEventSource<NetworkPolicy, ConnectivityCheck> policies;

  @Override
  public void updateConfigurationFrom(
      ControllerConfigurationOverrider<ConnectivityCheck> overrider) {
    overrider.withRetry(JitteredRetry.DEFAULT);
  }

  @Override
  public List<EventSource<?, ConnectivityCheck>> prepareEventSources(
      EventSourceContext<ConnectivityCheck> context) {
    namespaces = Informers.namespaces(context, ns -> Informers.allPrimaries(context));
    pods = Informers.pods(context, pod -> checksInNamespaceOf(context, pod));
    policies = Informers.networkPolicies(context, policy -> checksInNamespaceOf(context, policy));
    return List.of(namespaces, pods, policies);
  }

  private static Set<ResourceID> checksInNamespaceOf(
      EventSourceContext<ConnectivityCheck> context, HasMetadata changed) {
    String namespace = changed.getMetadata().getNamespace();
    return context
        .getPrimaryCache()
        .list(check -> ChecksAffected.byChangeIn(check, namespace))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<ConnectivityCheck> reconcile(
      ConnectivityCheck check, Context<ConnectivityCheck> context) {
    ConnectivityCheckStatus status =
        ConnectivityCheckRunner.run(check, new NetworkPolicyEvaluator(snapshot()));
    Long generation = check.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    String message =
        status.getVerdict()
            + ": "
            + status.getAllowedPairs()
            + " allowed, "
            + status.getDeniedPairs()
            + " denied, "
            + status.getUndefinedPairs()
            + " undefined (what the NetworkPolicy objects say, not what a CNI enforces)";
    status.setConditions(
        Conditions.mergeAll(
            check.getStatus() == null ? List.of() : check.getStatus().getConditions(),
            List.of(
                condition(READY, true, EVALUATED, message, generation),
                condition(RECONCILING, false, EVALUATED, message, generation),
                condition(STALLED, false, EVALUATED, message, generation)),
            clock.instant()));
    if (!status.equals(check.getStatus())) {
      ConnectivityCheck patch = new ConnectivityCheck();
      patch.setMetadata(
          new ObjectMetaBuilder()
              .withName(check.getMetadata().getName())
              .withNamespace(check.getMetadata().getNamespace())
              .build());
      patch.setStatus(status);
      StatusWriter.apply(check, patch, context);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * The cluster as the caches see it, in a stable order so that the same cluster gives the same
   * explanations (and so the same status). Finished pods have no network identity and are left out.
   */
  private ClusterSnapshot snapshot() {
    return ClusterSnapshot.of(
        Informers.namespaceInfos(namespaces),
        pods.list(ConnectivityCheckReconciler::hasNetworkIdentity)
            .map(PodInfo::from)
            .sorted(Comparator.comparing(PodInfo::key))
            .toList(),
        policies
            .list(p -> true)
            .sorted(
                Comparator.comparing((NetworkPolicy p) -> p.getMetadata().getNamespace())
                    .thenComparing(p -> p.getMetadata().getName()))
            .toList());
  }

  private static boolean hasNetworkIdentity(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }
}
