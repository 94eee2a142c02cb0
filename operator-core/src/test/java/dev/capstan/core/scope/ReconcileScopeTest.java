package dev.capstan.core.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ReconcileScopeTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void scopeNamesItsPrimaryEvenOverStaleValuesAndRestoresThem() {
    MDC.put(ReconcileScope.NAMESPACE, "stale-ns");
    MDC.put(ReconcileScope.NAME, "stale");

    try (ReconcileScope scope = ReconcileScope.open(primary("shop", "web"), "application")) {
      assertThat(MDC.get(ReconcileScope.NAMESPACE)).isEqualTo("shop");
      assertThat(MDC.get(ReconcileScope.NAME)).isEqualTo("web");
      assertThat(ReconcileScope.currentController()).contains("application");
    }

    assertThat(MDC.get(ReconcileScope.NAMESPACE)).isEqualTo("stale-ns");
    assertThat(MDC.get(ReconcileScope.NAME)).isEqualTo("stale");
    assertThat(ReconcileScope.currentController()).isEmpty();
  }

  @Test
  void emptyThreadIsEmptyAgainAfterTheScope() {
    try (ReconcileScope scope = ReconcileScope.open(primary("shop", "web"), "application")) {
      assertThat(MDC.get(ReconcileScope.NAME)).isEqualTo("web");
    }

    assertThat(MDC.get(ReconcileScope.NAME)).isNull();
    assertThat(MDC.get(ReconcileScope.UID)).isNull();
  }

  private static ConfigMap primary(String namespace, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid("uid-1")
        .endMetadata()
        .build();
  }
}
