package dev.capstan.core.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ReconcileScopeTest {

  private final ConfigMap primary =
      new ConfigMapBuilder()
          .withNewMetadata()
          .withName("web")
          .withNamespace("shop")
          .withUid("u-1")
          .withResourceVersion("7")
          .endMetadata()
          .build();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void putsThePrimaryIntoTheMdcUnderJosdksKeysAndRemovesItAfterwards() {
    try (ReconcileScope scope = ReconcileScope.open(primary, "application")) {
      assertThat(MDC.get(ReconcileScope.NAMESPACE)).isEqualTo("shop");
      assertThat(MDC.get(ReconcileScope.NAME)).isEqualTo("web");
      assertThat(MDC.get(ReconcileScope.KIND)).isEqualTo("ConfigMap");
      assertThat(MDC.get(ReconcileScope.UID)).isEqualTo("u-1");
      assertThat(ReconcileScope.currentController()).contains("application");
    }
    assertThat(MDC.get(ReconcileScope.NAME)).isNull();
    assertThat(MDC.get(ReconcileScope.NAMESPACE)).isNull();
    assertThat(ReconcileScope.currentController()).isEmpty();
  }

  @Test
  void leavesWhatJosdkAlreadySetOnTheReconcileThread() {
    MDC.put(ReconcileScope.NAME, "outer");
    try (ReconcileScope outer = ReconcileScope.forController("first");
        ReconcileScope inner = ReconcileScope.open(primary, "second")) {
      assertThat(MDC.get(ReconcileScope.NAME)).isEqualTo("outer");
      assertThat(MDC.get(ReconcileScope.NAMESPACE)).isEqualTo("shop");
      assertThat(ReconcileScope.currentController()).contains("first");
    }
    assertThat(MDC.get(ReconcileScope.NAME)).isEqualTo("outer");
    assertThat(MDC.get(ReconcileScope.NAMESPACE)).isNull();
  }
}
