package dev.capstan.network.posture;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NamespacePostureStatus;
import dev.capstan.network.apply.Owners;
import dev.capstan.network.apply.PolicyPlan;
import dev.capstan.network.apply.PolicyWriter;
import dev.capstan.network.compile.Compilation;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.lint.Finding;
import dev.capstan.network.lint.NetworkPolicyLinter;
import dev.capstan.network.runtime.NetworkSettings;
import dev.capstan.network.status.IntentErrors;
import dev.capstan.network.status.IntentEvents;
import dev.capstan.network.status.StatusWriter;
import dev.capstan.network.watch.Informers;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a NamespacePosture into NetworkPolicies in every namespace it selects.
 *
 * <p>Reads only informer caches: all Namespaces (the selector's input; a namespace that appears,
 * changes labels or disappears reconciles every posture, since a label that was removed no longer
 * says which posture selected it), all NetworkPolicies (ours to compare and prune, indexed by
 * owner; raw ones to lint) and the other postures (overlaps are conflicts; a posture's spec change
 * reconciles the others). Writes only what differs: server-side apply of changed policies, deletes
 * of owned policies no longer desired, the status when it changed.
 */
@ControllerConfiguration(name = NamespacePostureReconciler.NAME)
public class NamespacePostureReconciler implements ConfigurableReconciler<NamespacePosture> {

  public static final String NAME = "namespaceposture";

  /** When a Stalled intent is tried again without a change. */
  static final Duration STALLED_RECHECK = Duration.ofMinutes(10);

  private static final Logger LOGGER = LoggerFactory.getLogger(NamespacePostureReconciler.class);

  private final NetworkSettings settings;
  private final EventRecorder events;
  private final NetworkPolicyLinter linter;
  private final PostureStatusFactory statusFactory;
  private InformerEventSource<Namespace, NamespacePosture> namespaces;
  private InformerEventSource<NetworkPolicy, NamespacePosture> policies;
  private InformerEventSource<NamespacePosture, NamespacePosture> postures;

  @Inject
  public NamespacePostureReconciler(NetworkSettings settings, EventRecorder events) {
    this.settings = settings;
    this.events = events;
    this.linter = new NetworkPolicyLinter(settings.podCidrs());
    this.statusFactory = new PostureStatusFactory(Clock.systemUTC());
  }

  /** QOSDK 7.4 ignores {@code @ControllerConfiguration(retry=…)}; this is where retry is set. */
  @Override
  public void updateConfigurationFrom(
      ControllerConfigurationOverrider<NamespacePosture> overrider) {
    overrider.withRetry(JitteredRetry.DEFAULT);
  }

  @Override
  public List<EventSource<?, NamespacePosture>> prepareEventSources(
      EventSourceContext<NamespacePosture> context) {
    namespaces = Informers.namespaces(context, ns -> Informers.allPrimaries(context));
    policies =
        Informers.networkPolicies(
            context,
            policy -> {
              if (!Owners.isGenerated(policy)) {
                return Informers.allPrimaries(context); // a raw policy: lint may change
              }
              return Informers.ownerId(policy, NamespacePosture.KIND).map(Set::of).orElse(Set.of());
            });
    postures = Informers.specChangesOf(context, NamespacePosture.class, "postures");
    return List.of(namespaces, policies, postures);
  }

  /** Pruning candidates; the namespace controller deletes those in terminating namespaces. */
  private List<NetworkPolicy> owned(String owner) {
    return policies.byIndex(Informers.OWNER_INDEX, owner).stream()
        .filter(p -> !Informers.inTerminatingNamespace(p, namespaces))
        .toList();
  }

  @Override
  public UpdateControl<NamespacePosture> reconcile(
      NamespacePosture posture, Context<NamespacePosture> context) {
    String name = posture.getMetadata().getName();
    List<NamespacePosture> all = new ArrayList<>();
    // The other postures from the informer whose events reconcile this one on their changes: the
    // primary cache may not have seen a posture yet when its creation reaches that informer.
    postures.list(p -> !p.getMetadata().getName().equals(name)).forEach(all::add);
    all.add(posture);
    CompileContext compileContext =
        new CompileContext(Informers.activeNamespaceInfos(namespaces), settings.podCidrs());
    Compilation compilation = PostureCompiler.compile(all, compileContext).get(name);

    List<NetworkPolicy> desired = Owners.owned(compilation.policies(), posture);
    PolicyPlan plan =
        PolicyPlan.of(
            posture,
            desired,
            owned(compilation.owner().toString()),
            p -> policies.get(ResourceID.fromResource(p)));
    if (!plan.isEmpty()) {
      LOGGER.info(
          "{} policies to apply, {} to delete, {} unchanged",
          plan.apply().size(),
          plan.delete().size(),
          plan.unchanged());
    }
    PolicyWriter.execute(plan, context.getClient(), policies);

    List<NamespaceInfo> selected =
        PostureCompiler.selectedNamespaces(posture, compileContext, new ArrayList<>());
    Set<String> selectedNames =
        selected.stream().map(NamespaceInfo::name).collect(Collectors.toSet());
    List<Finding> findings =
        PostureLint.findings(selectedNames, desired, policies.list(p -> true).toList(), linter);
    NamespacePostureStatus status =
        statusFactory.statusFor(posture, compilation, selected, findings);
    if (!status.equals(posture.getStatus())) {
      NamespacePosture patch = new NamespacePosture();
      patch.setMetadata(new ObjectMetaBuilder().withName(name).build());
      patch.setStatus(status);
      List<EventDetails> transitions =
          IntentEvents.between(
              posture.getStatus() == null ? List.of() : posture.getStatus().getConditions(),
              status.getConditions());
      if (!StatusWriter.apply(posture, patch, context)) {
        return UpdateControl.noUpdate();
      }
      for (EventDetails event : transitions) {
        LOGGER.info("{} {}: {}", event.type().value(), event.reason(), event.note());
        events.record(posture, event);
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
  public ErrorStatusUpdateControl<NamespacePosture> updateErrorStatus(
      NamespacePosture posture, Context<NamespacePosture> context, Exception e) {
    IntentErrors<NamespacePostureStatus> outcome =
        IntentErrors.of(
            posture.getStatus(),
            NamespacePostureStatus.class,
            posture.getMetadata().getGeneration(),
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
      NamespacePosture patch = new NamespacePosture();
      patch.setMetadata(new ObjectMetaBuilder().withName(posture.getMetadata().getName()).build());
      patch.setStatus(outcome.status().get());
      if (StatusWriter.apply(posture, patch, context)) {
        outcome.events().forEach(event -> events.record(posture, event));
      }
    }
    return ErrorStatusUpdateControl.<NamespacePosture>noStatusUpdate()
        .rescheduleAfter(STALLED_RECHECK);
  }
}
