package dev.capstan.storage.attacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.Csi;
import csi.v1.Csi.VolumeCapability.AccessMode.Mode;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishRequestsTest {

  private static final DriverFeatures PLAIN = new DriverFeatures(true, false, false, false);
  private static final DriverFeatures READONLY_CAPABLE =
      new DriverFeatures(true, true, false, false);

  static PersistentVolume pv(boolean readOnly, String... accessModes) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName("pv-1")
        .endMetadata()
        .withNewSpec()
        .withAccessModes(accessModes)
        .withMountOptions("noatime")
        .withNewCsi()
        .withDriver("d")
        .withVolumeHandle("vol-1")
        .withFsType("xfs")
        .withReadOnly(readOnly)
        .withVolumeAttributes(Map.of("name", "pv-1"))
        .withNewControllerPublishSecretRef()
        .withName("creds")
        .withNamespace("storage")
        .endControllerPublishSecretRef()
        .endCsi()
        .endSpec()
        .build();
  }

  /** PV access modes (|-separated) × SINGLE_NODE_MULTI_WRITER → CSI mode (csi-lib-utils table). */
  @ParameterizedTest(name = "{0} snmw={1} -> {2}")
  @CsvSource({
    "ReadWriteOnce, false, SINGLE_NODE_WRITER",
    "ReadWriteOnce, true, SINGLE_NODE_MULTI_WRITER",
    "ReadWriteOncePod, false, SINGLE_NODE_WRITER",
    "ReadWriteOncePod, true, SINGLE_NODE_SINGLE_WRITER",
    "ReadOnlyMany, false, MULTI_NODE_READER_ONLY",
    "ReadOnlyMany, true, MULTI_NODE_READER_ONLY",
    "ReadWriteMany, false, MULTI_NODE_MULTI_WRITER",
    "ReadWriteMany|ReadOnlyMany|ReadWriteOnce, false, MULTI_NODE_MULTI_WRITER",
    "ReadWriteOnce|ReadWriteOnce, true, SINGLE_NODE_MULTI_WRITER",
  })
  void accessModes(String pvModes, boolean singleNodeMultiWriter, Mode expected) {
    assertThat(
            PublishRequests.accessMode(Arrays.asList(pvModes.split("\\|")), singleNodeMultiWriter))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is rejected")
  @CsvSource({"ReadWriteOncePod|ReadWriteOnce", "ReadOnlyMany|ReadWriteOnce", "''"})
  void impossibleAccessModesAreErrors(String pvModes) {
    List<String> modes = pvModes.isEmpty() ? List.of() : Arrays.asList(pvModes.split("\\|"));
    assertThatThrownBy(() -> PublishRequests.accessMode(modes, true))
        .isInstanceOf(PublishRequests.InvalidVolumeException.class);
    assertThatThrownBy(() -> PublishRequests.accessMode(modes, false))
        .isInstanceOf(PublishRequests.InvalidVolumeException.class);
  }

  /** spec.csi.readOnly × PUBLISH_READONLY → readonly (the spec forbids true without it). */
  @ParameterizedTest(name = "pv readOnly={0} PUBLISH_READONLY={1} -> {2}")
  @CsvSource({
    "true, true, true",
    "true, false, false",
    "false, true, false",
    "false, false, false"
  })
  void readonlyNeedsBothThePvAndTheCapability(
      boolean pvReadOnly, boolean capability, boolean expected) {
    DriverFeatures features = capability ? READONLY_CAPABLE : PLAIN;
    assertThat(
            PublishRequests.publish(pv(pvReadOnly, "ReadWriteOnce"), "n", Map.of(), features)
                .getReadonly())
        .isEqualTo(expected);
  }

  @Test
  void readOnlyManyAloneDoesNotSetReadonly() {
    // Upstream sets readonly from spec.csi.readOnly only; ROX is expressed by the access mode.
    Csi.ControllerPublishVolumeRequest r =
        PublishRequests.publish(pv(false, "ReadOnlyMany"), "n", Map.of(), READONLY_CAPABLE);
    assertThat(r.getReadonly()).isFalse();
    assertThat(r.getVolumeCapability().getAccessMode().getMode())
        .isEqualTo(Mode.MULTI_NODE_READER_ONLY);
  }

  @Test
  void publishCarriesHandleNodeCapabilityContextAndSecrets() {
    Csi.ControllerPublishVolumeRequest r =
        PublishRequests.publish(
            pv(true, "ReadWriteOnce"), "node-7", Map.of("user", "admin"), READONLY_CAPABLE);
    assertThat(r.getVolumeId()).isEqualTo("vol-1");
    assertThat(r.getNodeId()).isEqualTo("node-7");
    assertThat(r.getVolumeContextMap()).containsExactly(Map.entry("name", "pv-1"));
    assertThat(r.getSecretsMap()).containsExactly(Map.entry("user", "admin"));
    assertThat(r.getVolumeCapability().getMount().getFsType()).isEqualTo("xfs");
    assertThat(r.getVolumeCapability().getMount().getMountFlagsList()).containsExactly("noatime");
    assertThat(r.getReadonly()).isTrue();
  }

  @Test
  void blockVolumesGetABlockCapability() {
    PersistentVolume pv =
        new PersistentVolumeBuilder(pv(false, "ReadWriteOnce"))
            .editSpec()
            .withVolumeMode("Block")
            .endSpec()
            .build();
    Csi.VolumeCapability cap = PublishRequests.capability(pv, false);
    assertThat(cap.hasBlock()).isTrue();
    assertThat(cap.hasMount()).isFalse();
  }

  @Test
  void unpublishSendsTheSameSecrets() {
    Csi.ControllerUnpublishVolumeRequest r =
        PublishRequests.unpublish(pv(false, "ReadWriteOnce"), "node-7", Map.of("user", "admin"));
    assertThat(r.getVolumeId()).isEqualTo("vol-1");
    assertThat(r.getNodeId()).isEqualTo("node-7");
    assertThat(r.getSecretsMap()).containsExactly(Map.entry("user", "admin"));
  }

  @Test
  void secretRefAndData() {
    assertThat(PublishRequests.secretRef(pv(false, "ReadWriteOnce")))
        .hasValueSatisfying(
            ref -> {
              assertThat(ref.getName()).isEqualTo("creds");
              assertThat(ref.getNamespace()).isEqualTo("storage");
            });
    PersistentVolume noSecret =
        new PersistentVolumeBuilder(pv(false, "ReadWriteOnce"))
            .editSpec()
            .editCsi()
            .withControllerPublishSecretRef(null)
            .endCsi()
            .endSpec()
            .build();
    assertThat(PublishRequests.secretRef(noSecret)).isEmpty();
    assertThat(
            PublishRequests.secretData(
                new SecretBuilder()
                    .withData(
                        Map.of(
                            "password",
                            Base64.getEncoder()
                                .encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8))))
                    .build()))
        .containsExactly(Map.entry("password", "s3cr3t"));
  }

  @Test
  void aNonCsiVolumeIsAnError() {
    PersistentVolume hostPath =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName("old")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewHostPath()
            .withPath("/x")
            .endHostPath()
            .endSpec()
            .build();
    assertThatThrownBy(() -> PublishRequests.publish(hostPath, "n", Map.of(), PLAIN))
        .isInstanceOf(PublishRequests.InvalidVolumeException.class)
        .hasMessageContaining("not a CSI volume");
  }

  @Test
  void featuresFromCapabilities() {
    var t = Csi.ControllerServiceCapability.RPC.Type.class;
    DriverFeatures onlyList =
        DriverFeatures.of(
            java.util.EnumSet.of(
                Csi.ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME,
                Csi.ControllerServiceCapability.RPC.Type.LIST_VOLUMES));
    assertThat(onlyList).isEqualTo(new DriverFeatures(true, false, false, false));
    assertThat(DriverFeatures.of(java.util.EnumSet.allOf(t)))
        .isEqualTo(new DriverFeatures(true, true, true, true));
  }
}
