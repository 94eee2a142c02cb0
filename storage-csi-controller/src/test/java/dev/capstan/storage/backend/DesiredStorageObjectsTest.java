package dev.capstan.storage.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.storage.v1alpha1.ReclaimPolicy;
import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendSpec;
import dev.capstan.crds.storage.v1alpha1.StorageClassTemplate;
import dev.capstan.crds.storage.v1alpha1.VolumeBindingMode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStorageObjectsTest {

  static StorageBackend backend(boolean attach, StorageClassTemplate... classes) {
    StorageBackend b = new StorageBackend();
    b.setMetadata(new ObjectMetaBuilder().withName("fast-disks").withUid("u-1").build());
    StorageBackendSpec spec = new StorageBackendSpec();
    spec.setEndpoint("unix:///csi/csi.sock");
    spec.setAttachRequired(attach);
    spec.setStorageClasses(List.of(classes));
    b.setSpec(spec);
    return b;
  }

  static StorageClassTemplate template(String name, boolean isDefault) {
    StorageClassTemplate t = new StorageClassTemplate();
    t.setName(name);
    t.setParameters(Map.of("tier", "gold"));
    t.setReclaimPolicy(ReclaimPolicy.Retain);
    t.setVolumeBindingMode(VolumeBindingMode.WaitForFirstConsumer);
    t.setAllowVolumeExpansion(true);
    t.setIsDefault(isDefault);
    return t;
  }

  @Test
  void csiDriverCarriesAttachRequiredAndIsOwnedByTheBackend() {
    var d = DesiredStorageObjects.csiDriver(backend(false), "d.csi");
    assertThat(d.getMetadata().getName()).isEqualTo("d.csi");
    assertThat(d.getSpec().getAttachRequired()).isFalse();
    assertThat(d.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("u-1");
    assertThat(
            DesiredStorageObjects.csiDriver(backend(true), "d.csi").getSpec().getAttachRequired())
        .isTrue();
  }

  @Test
  void storageClassesFromTemplates() {
    List<StorageClass> classes =
        DesiredStorageObjects.storageClasses(
            backend(true, template("gold", true), template("silver", false)), "d.csi");
    assertThat(classes)
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("gold", "silver");
    StorageClass gold = classes.get(0);
    assertThat(gold.getProvisioner()).isEqualTo("d.csi");
    assertThat(gold.getReclaimPolicy()).isEqualTo("Retain");
    assertThat(gold.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(gold.getAllowVolumeExpansion()).isTrue();
    assertThat(gold.getMetadata().getAnnotations())
        .containsEntry(DesiredStorageObjects.DEFAULT_CLASS_ANNOTATION, "true");
    assertThat(classes.get(1).getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(gold.getMetadata().getLabels())
        .containsEntry(DesiredStorageObjects.BACKEND_LABEL, "fast-disks");
  }

  @Test
  void matchingDecidesWhetherToWriteOrReplace() {
    StorageClass desired =
        DesiredStorageObjects.storageClasses(backend(true, template("gold", false)), "d.csi")
            .get(0);
    StorageClass same = new StorageClassBuilder(desired).build();
    same.getMetadata().setResourceVersion("42");
    assertThat(DesiredStorageObjects.matches(same, desired)).isTrue();

    StorageClass expansionOff =
        new StorageClassBuilder(desired).withAllowVolumeExpansion(false).build();
    assertThat(DesiredStorageObjects.matches(expansionOff, desired)).isFalse();
    assertThat(DesiredStorageObjects.immutablePartDiffers(expansionOff, desired)).isFalse();

    StorageClass otherParams =
        new StorageClassBuilder(desired).withParameters(Map.of("tier", "lead")).build();
    assertThat(DesiredStorageObjects.immutablePartDiffers(otherParams, desired)).isTrue();

    StorageClass wasDefault =
        new StorageClassBuilder(desired)
            .editMetadata()
            .addToAnnotations(DesiredStorageObjects.DEFAULT_CLASS_ANNOTATION, "true")
            .endMetadata()
            .build();
    assertThat(DesiredStorageObjects.matches(wasDefault, desired))
        .as("a class that should no longer be the default needs a write")
        .isFalse();
  }
}
