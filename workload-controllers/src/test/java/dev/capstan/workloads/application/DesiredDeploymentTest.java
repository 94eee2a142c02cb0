package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredDeploymentTest {

  @Test
  void changingConfigContentChangesThePodTemplateSoPodsRoll() {
    Deployment before = DesiredDeployment.of(app(Map.of("app.conf", "a=1")));
    Deployment after = DesiredDeployment.of(app(Map.of("app.conf", "a=2")));

    assertThat(hash(before)).isNotEqualTo(hash(after));
    assertThat(DesiredDeployment.of(app(Map.of("app.conf", "a=1"))).getSpec().getTemplate())
        .as("the same content renders the same template")
        .isEqualTo(before.getSpec().getTemplate());
  }

  @Test
  void hashDoesNotDependOnEntryOrderButOnKeyBoundaries() {
    assertThat(DesiredConfigMap.contentHash(config(Map.of("a", "1", "b", "2"))))
        .isEqualTo(DesiredConfigMap.contentHash(config(Map.of("b", "2", "a", "1"))));
    assertThat(DesiredConfigMap.contentHash(config(Map.of("ab", "c"))))
        .isNotEqualTo(DesiredConfigMap.contentHash(config(Map.of("a", "bc"))));
  }

  @Test
  void unsetReplicasAreLeftToTheirOwnerSuchAsAnAutoscaler() {
    Application app = app(null);
    app.getSpec().setReplicas(null);

    assertThat(DesiredDeployment.of(app).getSpec().getReplicas()).isNull();
  }

  @Test
  void selectorUsesOnlyStableLabels() {
    Deployment deployment = DesiredDeployment.of(app(null));

    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsOnlyKeys(ApplicationLabels.NAME, ApplicationLabels.INSTANCE);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }

  private static String hash(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(DesiredDeployment.CONFIG_HASH);
  }

  private static ApplicationConfig config(Map<String, String> data) {
    ApplicationConfig config = new ApplicationConfig();
    config.setData(data);
    return config;
  }

  private static Application app(Map<String, String> configData) {
    ApplicationContainer container = new ApplicationContainer();
    container.setName("app");
    container.setImage("registry.example/app:1");
    ApplicationSpec spec = new ApplicationSpec();
    spec.setReplicas(2);
    spec.setContainers(List.of(container));
    if (configData != null) {
      spec.setConfig(config(configData));
    }
    Application app = new Application();
    app.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace("ns").build());
    app.setSpec(spec);
    return app;
  }
}
