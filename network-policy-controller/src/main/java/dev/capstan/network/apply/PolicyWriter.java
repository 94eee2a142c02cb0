package dev.capstan.network.apply;

import dev.capstan.core.ownership.ChildPruner;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link PolicyPlan}: server-side apply under the controller's one field manager
 * (forcing conflicts: these objects are ours by name and label), deletes through operator-core's
 * {@link ChildPruner} (with the stored object's UID as precondition, so a policy recreated under
 * the same name meanwhile is left alone), and puts what it wrote into the informer's cache so that
 * the next reconcile, which may start before the watch event arrives, compares against what is
 * stored and does not write again.
 */
public final class PolicyWriter {

  /** The field manager of every NetworkPolicy the network controller writes. */
  public static final String FIELD_MANAGER = "capstan-network";

  private static final ResourceDefinitionContext NETWORK_POLICIES =
      ResourceDefinitionContext.fromResourceType(NetworkPolicy.class);

  private static final Logger LOGGER = LoggerFactory.getLogger(PolicyWriter.class);

  private PolicyWriter() {}

  public static void execute(
      PolicyPlan plan, KubernetesClient client, InformerEventSource<NetworkPolicy, ?> cache) {
    for (NetworkPolicy policy : plan.apply()) {
      ResourceID id = ResourceID.fromResource(policy);
      Optional<NetworkPolicy> previous = cache.get(id);
      NetworkPolicy stored =
          client.resource(policy).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      LOGGER.info("applied NetworkPolicy {}", PolicyMatch.key(policy));
      if (previous.isPresent()) {
        cache.handleRecentResourceUpdate(id, stored, previous.get());
      } else {
        cache.handleRecentResourceCreate(id, stored);
      }
    }
    if (plan.delete().isEmpty()) {
      return;
    }
    ChildPruner pruner = new ChildPruner(client, Owners.MANAGER, List.of(NETWORK_POLICIES));
    for (NetworkPolicy policy : plan.delete()) {
      // Already gone (a stale cache, or someone else deleted it) is what we wanted.
      pruner.delete(policy);
    }
  }
}
