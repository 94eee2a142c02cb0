package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service; present only while the Application asks for one (see {@link HasService}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class ServiceDependent extends ApplicationDependent<Service> {

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service render(Application app, Context<Application> context) {
    // JOSDK also asks for the desired object to find the one to delete once the precondition turns
    // false; then
    // only its identity matters.
    return DesiredService.of(app).orElseGet(() -> identity(app));
  }

  private static Service identity(Application app) {
    Service identity = new Service();
    identity.setMetadata(
        new ObjectMetaBuilder()
            .withName(app.getMetadata().getName())
            .withNamespace(app.getMetadata().getNamespace())
            .build());
    return identity;
  }
}
