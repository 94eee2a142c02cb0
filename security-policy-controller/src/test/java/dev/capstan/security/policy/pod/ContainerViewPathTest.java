package dev.capstan.security.policy.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerViewPathTest {

  @Test
  void pathsNameTheListAndIndexBeyondThePrecomputedOnesToo() {
    PodSpec spec = new PodSpec();
    List<Container> regular = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      regular.add(new Container());
    }
    spec.setContainers(regular);
    spec.setInitContainers(List.of(new Container()));
    spec.setEphemeralContainers(List.of(new EphemeralContainer()));

    List<String> paths = ContainerView.all(spec).stream().map(ContainerView::path).toList();

    assertThat(paths).hasSize(22);
    assertThat(paths.get(0)).isEqualTo("spec.initContainers[0]");
    for (int i = 0; i < 20; i++) {
      assertThat(paths.get(1 + i)).isEqualTo("spec.containers[" + i + "]");
    }
    assertThat(paths.get(21)).isEqualTo("spec.ephemeralContainers[0]");
  }
}
