package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Ingress; present only while the Application asks for one (see {@link ChildPreconditions}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class IngressDependent extends ApplicationDependent<Ingress> {

  public IngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected Ingress render(Application app, Context<Application> context) {
    // When dropped from the spec, asked only to find the object to delete (pruning).
    return DesiredIngress.of(app)
        .orElseGet(() -> WorkloadIdentity.only(Ingress::new, app, app.getMetadata().getName()));
  }
}
