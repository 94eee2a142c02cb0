package dev.capstan.network.rule;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.crds.network.v1alpha1.TrafficRuleStatus;
import dev.capstan.network.apply.Owners;
import dev.capstan.network.apply.PolicyPlan;
import dev.capstan.network.apply.PolicyWriter;
import dev.capstan.network.compile.Compilation;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.Owner;
import dev.capstan.network.compile.PolicyMetadata;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.compile.TrafficRuleCompiler;
import dev.capstan.network.runtime.NetworkSettings;
import dev.capstan.network.status.IntentErrors;
import dev.capstan.network.status.IntentEvents;
import dev.capstan.network.status.StatusWriter;
import dev.capstan.network.watch.Informers;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a TrafficRule into its ingress policy (its own namespace, owner-referenced) and the
 * egress policies in source namespaces whose egress a posture denies. Those live in other
 * namespaces, where a namespaced owner cannot be referenced, so the rule has a finalizer and its
 * cleanup deletes them by owner.
 *
 * <p>Reads informer caches only: Namespaces (which namespaces are sources), NamespacePostures
 * (which of them deny egress; a posture's spec change reconciles every rule) and the policies it
 * owns.
 */
@ControllerConfiguration(name = TrafficRuleReconciler.NAME)
public class TrafficRuleReconciler
    implements ConfigurableReconciler<TrafficRule>, Cleaner<TrafficRule> {

  public static final String NAME = "trafficrule";

  /** When a Stalled intent is tried again without a change. */
  static final Duration STALLED_RECHECK = Duration.ofMinutes(10);

  private static final Logger LOGGER = LoggerFactory.getLogger(TrafficRuleReconciler.class);

  private final NetworkSettings settings;
  private final EventRecorder events;
  private final TrafficRuleStatusFactory statusFactory;
  private InformerEventSource<Namespace, TrafficRule> namespaces;
  private InformerEventSource<NamespacePosture, TrafficRule> postures;
  private InformerEventSource<NetworkPolicy, TrafficRule> policies;

  @Inject
  public TrafficRuleReconciler(NetworkSettings settings, EventRecorder events) {
    this.settings = settings;
    this.events = events;
    this.statusFactory = new TrafficRuleStatusFactory(Clock.systemUTC());
  }

  @Override
  public void updateConfigurationFrom(ControllerConfigurationOverrider<TrafficRule> overrider) {
    overrider.withRetry(JitteredRetry.DEFAULT);
  }

  @Override
  public List<EventSource<?, TrafficRule>> prepareEventSources(
      EventSourceContext<TrafficRule> context) {
    namespaces = Informers.namespaces(context, ns -> Informers.allPrimaries(context));
    postures = Informers.specChangesOf(context, NamespacePosture.class, "postures");
    policies =
        Informers.networkPolicies(
            context,
            p -> Informers.ownerId(p, TrafficRule.KIND).map(Set::of).orElse(Set.of()),
            PolicyMetadata.MANAGED_BY_LABEL
                + "="
                + PolicyMetadata.MANAGED_BY
                + ","
                + PolicyMetadata.OWNER_KIND_LABEL
                + "="
                + TrafficRule.KIND);
    return List.of(namespaces, postures, policies);
  }

  @Override
  public UpdateControl<TrafficRule> reconcile(TrafficRule rule, Context<TrafficRule> context) {
    CompileContext compileContext =
        new CompileContext(Informers.activeNamespaceInfos(namespaces), settings.podCidrs());
    Set<String> egressDenied =
        PostureCompiler.egressDeniedNamespaces(postures.list(p -> true).toList(), compileContext);
    Compilation compilation = TrafficRuleCompiler.compile(rule, compileContext, egressDenied);
    List<NetworkPolicy> desired = Owners.owned(compilation.policies(), rule);
    PolicyPlan plan = PolicyPlan.of(rule, desired, owned(compilation.owner()), this::stored);
    if (!plan.isEmpty()) {
      LOGGER.info(
          "{} policies to apply, {} to delete, {} unchanged",
          plan.apply().size(),
          plan.delete().size(),
          plan.unchanged());
    }
    PolicyWriter.execute(plan, context.getClient(), policies);

    TrafficRuleStatus status = statusFactory.statusFor(rule, compilation);
    if (!status.equals(rule.getStatus())) {
      TrafficRule patch = new TrafficRule();
      patch.setMetadata(
          new ObjectMetaBuilder()
              .withName(rule.getMetadata().getName())
              .withNamespace(rule.getMetadata().getNamespace())
              .build());
      patch.setStatus(status);
      List<EventDetails> transitions =
          IntentEvents.between(
              rule.getStatus() == null ? List.of() : rule.getStatus().getConditions(),
              status.getConditions());
      if (!StatusWriter.apply(rule, patch, context)) {
        return UpdateControl.noUpdate();
      }
      for (EventDetails event : transitions) {
        LOGGER.info("{} {}: {}", event.type().value(), event.reason(), event.note());
        events.record(rule, event);
      }
    }
    return UpdateControl.noUpdate();
  }

  /**
   * A permanent error (the apiserver refused a generated policy: 422, 403, …) makes the intent
   * Stalled with the apiserver's reason and message, rechecked on the next change or after {@link
   * #STALLED_RECHECK}; a transient one is retried with backoff ({@link IntentErrors}).
   */
  @Override
  public ErrorStatusUpdateControl<TrafficRule> updateErrorStatus(
      TrafficRule rule, Context<TrafficRule> context, Exception e) {
    IntentErrors<TrafficRuleStatus> outcome =
        IntentErrors.of(
            rule.getStatus(),
            TrafficRuleStatus.class,
            rule.getMetadata().getGeneration(),
            e,
            Clock.systemUTC().instant());
    if (outcome.retry()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    LOGGER.warn(
        "Stalled: {} ({}); next attempt on change or in {}",
        outcome.error().message(),
        outcome.error().reason(),
        STALLED_RECHECK);
    if (outcome.status().isPresent()) {
      TrafficRule patch = new TrafficRule();
      patch.setMetadata(
          new ObjectMetaBuilder()
              .withName(rule.getMetadata().getName())
              .withNamespace(rule.getMetadata().getNamespace())
              .build());
      patch.setStatus(outcome.status().get());
      if (StatusWriter.apply(rule, patch, context)) {
        outcome.events().forEach(event -> events.record(rule, event));
      }
    }
    return ErrorStatusUpdateControl.<TrafficRule>noStatusUpdate().rescheduleAfter(STALLED_RECHECK);
  }

  /** Deletes the policies the garbage collector cannot: those in other namespaces. */
  @Override
  public DeleteControl cleanup(TrafficRule rule, Context<TrafficRule> context) {
    Owner owner =
        new Owner(
            TrafficRule.KIND, rule.getMetadata().getNamespace(), rule.getMetadata().getName());
    PolicyWriter.execute(
        PolicyPlan.of(rule, List.of(), owned(owner), this::stored), context.getClient(), policies);
    return DeleteControl.defaultDelete();
  }

  private List<NetworkPolicy> owned(Owner owner) {
    // The namespace controller deletes those in terminating namespaces.
    return policies.byIndex(Informers.OWNER_INDEX, owner.toString()).stream()
        .filter(p -> !Informers.inTerminatingNamespace(p, namespaces))
        .toList();
  }

  private java.util.Optional<NetworkPolicy> stored(NetworkPolicy policy) {
    return policies.get(ResourceID.fromResource(policy));
  }
}
