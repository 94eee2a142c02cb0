package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The configuration ConfigMap; present only while the Application has config (see {@link
 * HasConfig}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class ConfigMapDependent extends ApplicationDependent<ConfigMap> {

  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap render(Application app, Context<Application> context) {
    // JOSDK also asks for the desired object to find the one to delete once the precondition turns
    // false; then
    // only its identity matters.
    return DesiredConfigMap.of(app).orElseGet(() -> identity(app));
  }

  private static ConfigMap identity(Application app) {
    ConfigMap identity = new ConfigMap();
    identity.setMetadata(
        new ObjectMetaBuilder()
            .withName(DesiredConfigMap.name(app))
            .withNamespace(app.getMetadata().getNamespace())
            .build());
    return identity;
  }
}
