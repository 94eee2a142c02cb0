package dev.capstan.storage.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.crds.storage.v1alpha1.AttacherOptions;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.storage.attacher.AttacherSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttacherSettingsTest {

  @Test
  void reconcileSyncComesFromTheSpec() {
    StorageBackend b = DesiredStorageObjectsTest.backend(true);
    AttacherOptions options = new AttacherOptions();
    options.setReconcileSyncSeconds(5);
    b.getSpec().setAttacher(options);
    assertThat(StorageBackendReconciler.attacherSettings(b, "d.csi", 7))
        .isEqualTo(new AttacherSettings("d.csi", 7, Duration.ofSeconds(5)));
  }

  @Test
  void aBackendWrittenBeforeTheFieldExistedGetsUpstreamsMinute() throws Exception {
    StorageBackend old =
        new ObjectMapper()
            .readValue(
                "{\"apiVersion\":\"storage.capstan.dev/v1alpha1\",\"kind\":\"StorageBackend\","
                    + "\"metadata\":{\"name\":\"b\"},"
                    + "\"spec\":{\"endpoint\":\"unix:///csi/csi.sock\",\"attacher\":null}}",
                StorageBackend.class);
    assertThat(StorageBackendReconciler.attacherSettings(old, "d.csi", 10).reconcileSync())
        .isEqualTo(Duration.ofMinutes(1));
    StorageBackend defaults = DesiredStorageObjectsTest.backend(true);
    assertThat(StorageBackendReconciler.attacherSettings(defaults, "d.csi", 10).reconcileSync())
        .isEqualTo(AttacherSettings.DEFAULT_RECONCILE_SYNC);
  }
}
