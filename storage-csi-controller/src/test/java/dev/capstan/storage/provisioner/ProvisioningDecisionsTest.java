package dev.capstan.storage.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.Csi;
import dev.capstan.storage.provisioner.ClassParameters.SecretKind;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvisioningDecisionsTest {

  private static final ClaimRef CLAIM =
      new ClaimRef("shop", "data", "1234-abcd", Map.of("team", "blue"));

  @Test
  void volumeNameDependsOnlyOnPrefixAndUid() {
    assertThat(VolumeNames.volumeName("pvc", "1234-abcd")).isEqualTo("pvc-1234-abcd");
    assertThat(VolumeNames.volumeName("fast", "1234-abcd")).isEqualTo("fast-1234-abcd");
    assertThatThrownBy(() -> VolumeNames.volumeName("pvc", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reservedParametersAreStrippedAndInterpreted() throws Exception {
    ClassParameters p =
        ClassParameters.parse(
            Map.of(
                "tier", "gold",
                "csi.storage.k8s.io/fstype", "xfs",
                "csi.storage.k8s.io/provisioner-secret-name", "${pvc.name}-creds",
                "csi.storage.k8s.io/provisioner-secret-namespace", "${pvc.namespace}",
                "csi.storage.k8s.io/secret-name", "shared",
                "csi.storage.k8s.io/secret-namespace", "kube-system"),
            "pvc-1234-abcd",
            CLAIM,
            false);
    assertThat(p.driverParameters()).containsExactly(Map.entry("tier", "gold"));
    assertThat(p.fsType()).isEqualTo("xfs");
    assertThat(p.secret(SecretKind.PROVISIONER)).contains(new SecretRef("shop", "data-creds"));
    // the generic secret is the default for every other kind
    assertThat(p.secret(SecretKind.NODE_PUBLISH)).contains(new SecretRef("kube-system", "shared"));
  }

  @Test
  void extraCreateMetadataAddsClaimAndVolumeNames() throws Exception {
    ClassParameters p = ClassParameters.parse(Map.of(), "pvc-1234-abcd", CLAIM, true);
    assertThat(p.driverParameters())
        .containsEntry("csi.storage.k8s.io/pvc/name", "data")
        .containsEntry("csi.storage.k8s.io/pvc/namespace", "shop")
        .containsEntry("csi.storage.k8s.io/pv/name", "pvc-1234-abcd");
  }

  @Test
  void unknownReservedKeyHalfASecretOrTwoFsTypesAreRefused() {
    assertThatThrownBy(
            () ->
                ClassParameters.parse(Map.of("csi.storage.k8s.io/bogus", "x"), "pv", CLAIM, false))
        .isInstanceOf(InvalidParametersException.class)
        .hasMessageContaining("unknown parameter key \"csi.storage.k8s.io/bogus\"");
    assertThatThrownBy(
            () ->
                ClassParameters.parse(
                    Map.of("csi.storage.k8s.io/provisioner-secret-name", "x"), "pv", CLAIM, false))
        .hasMessageContaining("both or neither");
    assertThatThrownBy(
            () ->
                ClassParameters.parse(
                    Map.of("fstype", "ext4", "csi.storage.k8s.io/fstype", "xfs"),
                    "pv",
                    CLAIM,
                    false))
        .hasMessageContaining("both set");
  }

  @Test
  void secretTemplates() throws Exception {
    assertThat(SecretTemplates.resolveName("${pvc.annotations['team']}-${pv.name}", "pv1", CLAIM))
        .isEqualTo("blue-pv1");
    assertThatThrownBy(() -> SecretTemplates.resolveNamespace("${pvc.name}", "pv1", CLAIM))
        .isInstanceOf(InvalidParametersException.class);
    assertThatThrownBy(() -> SecretTemplates.resolveName("${pvc.annotations['nope']}", "p", CLAIM))
        .hasMessageContaining("no annotation nope");
  }

  @Test
  void createVolumeRequestMapsCapacityModesAndTopology() throws Exception {
    ClassParameters p =
        ClassParameters.parse(
            Map.of("tier", "gold", "csi.storage.k8s.io/fstype", "ext4"), "pv", CLAIM, false);
    Csi.CreateVolumeRequest req =
        VolumeRequest.createVolume(
            "pvc-1234-abcd",
            5L << 30,
            List.of("ReadWriteOnce", "ReadOnlyMany"),
            false,
            List.of("noatime"),
            p,
            Map.of("token", "s3cr3t"),
            VolumeRequest.topologyRequirement(List.of(Map.of("zone", "a"), Map.of("zone", "a"))));
    assertThat(req.getName()).isEqualTo("pvc-1234-abcd");
    assertThat(req.getCapacityRange().getRequiredBytes()).isEqualTo(5L << 30);
    assertThat(req.getCapacityRange().getLimitBytes()).isZero();
    assertThat(req.getParametersMap()).containsExactly(Map.entry("tier", "gold"));
    assertThat(req.getSecretsMap()).containsEntry("token", "s3cr3t");
    assertThat(req.getVolumeCapabilitiesList())
        .extracting(c -> c.getAccessMode().getMode())
        .containsExactly(
            Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER,
            Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_READER_ONLY);
    assertThat(req.getVolumeCapabilities(0).getMount().getFsType()).isEqualTo("ext4");
    assertThat(req.getVolumeCapabilities(0).getMount().getMountFlagsList()).contains("noatime");
    assertThat(req.getAccessibilityRequirements().getRequisiteList()).hasSize(1);
    assertThat(
            VolumeRequest.createVolume(
                    "n",
                    1,
                    List.of("ReadWriteOnce"),
                    true,
                    List.of(),
                    p,
                    Map.of(),
                    Optional.empty())
                .getVolumeCapabilities(0)
                .hasBlock())
        .isTrue();
  }

  @Test
  void persistentVolumeFromResponse() throws Exception {
    ClassParameters p =
        ClassParameters.parse(
            Map.of(
                "csi.storage.k8s.io/provisioner-secret-name", "creds",
                "csi.storage.k8s.io/provisioner-secret-namespace", "kube-system"),
            "pv",
            CLAIM,
            false);
    Csi.Volume volume =
        Csi.Volume.newBuilder()
            .setVolumeId("vol-1")
            .setCapacityBytes(0)
            .putVolumeContext("k", "v")
            .addAccessibleTopology(Csi.Topology.newBuilder().putSegments("zone", "a"))
            .build();
    DesiredVolume.Claim claim =
        new DesiredVolume.Claim(
            CLAIM, 1L << 30, List.of("ReadWriteOnce"), "Filesystem", "fast", "Delete", List.of());
    PersistentVolume pv =
        DesiredVolume.persistentVolume("pvc-1234-abcd", "d.csi", "id-1", volume, claim, p);
    assertThat(pv.getMetadata().getAnnotations())
        .containsEntry(ProvisioningKeys.PROVISIONED_BY, "d.csi")
        .containsEntry(ProvisioningKeys.DELETION_SECRET_NAME, "creds");
    assertThat(pv.getMetadata().getFinalizers()).containsExactly(ProvisioningKeys.PV_FINALIZER);
    assertThat(pv.getSpec().getCapacity().get("storage").getNumericalAmount().longValue())
        .as("capacity 0 in the answer means the request")
        .isEqualTo(1L << 30);
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("1234-abcd");
    assertThat(pv.getSpec().getCsi().getVolumeHandle()).isEqualTo("vol-1");
    assertThat(pv.getSpec().getCsi().getVolumeAttributes())
        .containsEntry("k", "v")
        .containsEntry(ProvisioningKeys.PROVISIONER_IDENTITY, "id-1");
    assertThat(
            pv.getSpec()
                .getNodeAffinity()
                .getRequired()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getKey())
        .isEqualTo("zone");

    DesiredVolume.Claim retained =
        new DesiredVolume.Claim(
            CLAIM, 1L << 30, List.of("ReadWriteOnce"), "Filesystem", "fast", "Retain", List.of());
    assertThat(
            DesiredVolume.persistentVolume("n", "d.csi", "id", volume, retained, p)
                .getMetadata()
                .getFinalizers())
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        // phase, deleting → the in-flight finalizer may go
        "null,    false, false",
        "Pending, false, false",
        "Bound,   false, true",
        "Lost,    false, true",
        "Pending, true,  true",
        "null,    true,  true",
      })
  void inFlightFinalizerWaitsForTheBindingOrTheDeletion(
      String phase, boolean deleting, boolean settled) {
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder().withNewMetadata().withName("c").endMetadata();
    if (deleting) {
      claim.editMetadata().withDeletionTimestamp("2026-11-27T00:00:00Z").endMetadata();
    }
    if (phase != null) {
      claim.withNewStatus().withPhase(phase).endStatus();
    }
    assertThat(ClaimProvisioning.bindingSettled(claim.build())).isEqualTo(settled);
  }

  @Test
  void errorClassification() {
    assertThat(ErrorOutcome.of(Status.DEADLINE_EXCEEDED.asRuntimeException(), false, false))
        .isEqualTo(ErrorOutcome.IN_BACKGROUND);
    assertThat(ErrorOutcome.of(Status.UNAVAILABLE.asRuntimeException(), false, false))
        .isEqualTo(ErrorOutcome.IN_BACKGROUND);
    assertThat(ErrorOutcome.of(Status.ABORTED.asRuntimeException(), false, false))
        .isEqualTo(ErrorOutcome.IN_BACKGROUND);
    assertThat(ErrorOutcome.of(Status.RESOURCE_EXHAUSTED.asRuntimeException(), true, true))
        .isEqualTo(ErrorOutcome.RESCHEDULE);
    assertThat(ErrorOutcome.of(Status.RESOURCE_EXHAUSTED.asRuntimeException(), true, false))
        .isEqualTo(ErrorOutcome.FINAL);
    assertThat(ErrorOutcome.of(Status.INVALID_ARGUMENT.asRuntimeException(), false, false))
        .isEqualTo(ErrorOutcome.INFEASIBLE);
    assertThat(ErrorOutcome.of(Status.ALREADY_EXISTS.asRuntimeException(), false, false))
        .isEqualTo(ErrorOutcome.FINAL);
    assertThat(ErrorOutcome.of(new IllegalStateException("api"), false, false))
        .as("not a gRPC answer: the driver may have acted")
        .isEqualTo(ErrorOutcome.IN_BACKGROUND);
    assertThat(ErrorOutcome.of(new InvalidParametersException("x"), false, false).isFinal())
        .isTrue();
  }
}
