package dev.capstan.network.apply;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link PolicyPlan}: server-side apply under the controller's one field manager
 * (forcing conflicts: these objects are ours by name and label), deletes, and puts what it wrote
 * into the informer's cache so that the next reconcile, which may start before the watch event
 * arrives, compares against what is stored and does not write again.
 */
public final class PolicyWriter {

  /** The field manager of every NetworkPolicy the network controller writes. */
  public static final String FIELD_MANAGER = "capstan-network";

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
    for (NetworkPolicy policy : plan.delete()) {
      // Already gone (a stale cache, or someone else deleted it) is what we wanted.
      client.resource(policy).delete();
      LOGGER.info("deleted NetworkPolicy {}", PolicyMatch.key(policy));
    }
  }
}
