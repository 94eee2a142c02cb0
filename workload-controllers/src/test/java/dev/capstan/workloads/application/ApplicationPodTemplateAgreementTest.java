package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The security webhook checks {@link ApplicationPodTemplate#of(Application)}; this proves, for
 * every golden scenario, that it is the very template of the workload this controller creates.
 */
class ApplicationPodTemplateAgreementTest {

  @TestFactory
  Stream<DynamicTest> theWorkloadCarriesTheRenderedTemplate()
      throws IOException, URISyntaxException {
    return GoldenScenarios.each(dir -> check(dir));
  }

  private static void check(Path dir) throws IOException {
    Application app = GoldenScenarios.application(dir);
    List<PodTemplateSpec> templates =
        ApplicationChildren.desired(app).stream()
            .map(ApplicationPodTemplateAgreementTest::template)
            .filter(t -> t != null)
            .toList();
    assertThat(templates).hasSize(1);
    assertThat(templates.get(0)).isEqualTo(ApplicationPodTemplate.of(app));
  }

  private static PodTemplateSpec template(HasMetadata child) {
    if (child instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (child instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    if (child instanceof DaemonSet ds) {
      return ds.getSpec().getTemplate();
    }
    if (child instanceof Job j) {
      return j.getSpec().getTemplate();
    }
    if (child instanceof CronJob cj) {
      return cj.getSpec().getJobTemplate().getSpec().getTemplate();
    }
    return null;
  }
}
