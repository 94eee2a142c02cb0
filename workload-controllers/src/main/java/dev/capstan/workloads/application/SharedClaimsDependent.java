package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shared PersistentVolumeClaims (see {@link DesiredClaims}): created and resized, never deleted
 * by the controller, because they hold data. A claim the spec no longer names stays and is reported
 * in status.retainedClaims.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class SharedClaimsDependent extends ApplicationDependent<PersistentVolumeClaim>
    implements BulkDependentResource<PersistentVolumeClaim, Application, String> {

  public SharedClaimsDependent() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  public Map<String, PersistentVolumeClaim> desiredResources(
      Application app, Context<Application> context) {
    return DesiredClaims.of(app);
  }

  @Override
  public Map<String, PersistentVolumeClaim> getSecondaryResources(
      Application app, Context<Application> context) {
    return context
        .getSecondaryResourcesAsStream(PersistentVolumeClaim.class)
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
  }

  /** Keeps the claim: deleting data is a person's decision (see {@link DesiredClaims}). */
  @Override
  public void deleteTargetResource(
      Application app, PersistentVolumeClaim claim, String key, Context<Application> context) {
    // Intentionally nothing; the status reports the claim as retained.
  }
}
