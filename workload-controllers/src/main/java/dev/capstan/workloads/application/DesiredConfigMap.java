package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Optional;
import java.util.TreeMap;

/** Spec in, the configuration ConfigMap out (when the Application has config). */
public final class DesiredConfigMap {

  private DesiredConfigMap() {}

  public static String name(Application app) {
    return ApplicationPodTemplate.configMapName(app);
  }

  public static Optional<ConfigMap> of(Application app) {
    ApplicationConfig config = app.getSpec().getConfig();
    if (config == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name(app))
            .withNamespace(app.getMetadata().getNamespace())
            .withLabels(ApplicationLabels.all(app))
            .endMetadata()
            .withData(new TreeMap<>(config.getData()))
            .build());
  }

  /** See {@link ApplicationPodTemplate#configHash}. */
  public static String contentHash(ApplicationConfig config) {
    return ApplicationPodTemplate.configHash(config);
  }
}
