package dev.capstan.storage.backend;

import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageClassTemplate;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The CSIDriver object and StorageClasses a StorageBackend publishes: spec in, objects out. */
public final class DesiredStorageObjects {

  public static final String BACKEND_LABEL = "storage.capstan.dev/backend";
  public static final String DEFAULT_CLASS_ANNOTATION =
      "storageclass.kubernetes.io/is-default-class";

  private DesiredStorageObjects() {}

  public static CSIDriver csiDriver(StorageBackend backend, String driverName) {
    return new CSIDriverBuilder()
        .withMetadata(metadata(backend, driverName, Map.of()))
        .withNewSpec()
        .withAttachRequired(!Boolean.FALSE.equals(backend.getSpec().getAttachRequired()))
        .withVolumeLifecycleModes("Persistent")
        .endSpec()
        .build();
  }

  public static List<StorageClass> storageClasses(StorageBackend backend, String driverName) {
    List<StorageClass> classes = new ArrayList<>();
    for (StorageClassTemplate t : backend.getSpec().getStorageClasses()) {
      Map<String, String> annotations = new LinkedHashMap<>();
      if (Boolean.TRUE.equals(t.getIsDefault())) {
        annotations.put(DEFAULT_CLASS_ANNOTATION, "true");
      }
      StorageClassBuilder sc =
          new StorageClassBuilder()
              .withMetadata(metadata(backend, t.getName(), annotations))
              .withProvisioner(driverName)
              .withReclaimPolicy(t.getReclaimPolicy().name())
              .withVolumeBindingMode(t.getVolumeBindingMode().name())
              .withAllowVolumeExpansion(t.getAllowVolumeExpansion());
      if (t.getParameters() != null && !t.getParameters().isEmpty()) {
        sc.withParameters(new LinkedHashMap<>(t.getParameters()));
      }
      if (t.getMountOptions() != null && !t.getMountOptions().isEmpty()) {
        sc.withMountOptions(new ArrayList<>(t.getMountOptions()));
      }
      classes.add(sc.build());
    }
    return classes;
  }

  private static ObjectMeta metadata(
      StorageBackend backend, String name, Map<String, String> annotations) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withLabels(
                Map.of(
                    BACKEND_LABEL,
                    backend.getMetadata().getName(),
                    "app.kubernetes.io/managed-by",
                    "capstan"))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(backend.getApiVersion())
                    .withKind(backend.getKind())
                    .withName(backend.getMetadata().getName())
                    .withUid(backend.getMetadata().getUid())
                    .build());
    if (!annotations.isEmpty()) {
      meta.withAnnotations(annotations);
    }
    return meta.build();
  }

  /** The immutable fields of a StorageClass that differ (a change needs delete + create). */
  public static boolean immutablePartDiffers(StorageClass existing, StorageClass desired) {
    return !Objects.equals(existing.getProvisioner(), desired.getProvisioner())
        || !Objects.equals(orEmpty(existing.getParameters()), orEmpty(desired.getParameters()))
        || !Objects.equals(existing.getReclaimPolicy(), desired.getReclaimPolicy())
        || !Objects.equals(existing.getVolumeBindingMode(), desired.getVolumeBindingMode());
  }

  /** Whether the existing class already says all that the desired one says (no write needed). */
  public static boolean matches(StorageClass existing, StorageClass desired) {
    return !immutablePartDiffers(existing, desired)
        && Objects.equals(existing.getAllowVolumeExpansion(), desired.getAllowVolumeExpansion())
        && Objects.equals(
            orEmptyList(existing.getMountOptions()), orEmptyList(desired.getMountOptions()))
        && containsAll(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && containsAll(
            existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        && isDefault(existing) == isDefault(desired);
  }

  public static boolean matches(CSIDriver existing, CSIDriver desired) {
    return Objects.equals(
            existing.getSpec().getAttachRequired(), desired.getSpec().getAttachRequired())
        && containsAll(existing.getMetadata().getLabels(), desired.getMetadata().getLabels());
  }

  private static boolean isDefault(StorageClass sc) {
    Map<String, String> a = sc.getMetadata().getAnnotations();
    return a != null && "true".equals(a.get(DEFAULT_CLASS_ANNOTATION));
  }

  private static boolean containsAll(Map<String, String> have, Map<String, String> want) {
    if (want == null || want.isEmpty()) {
      return true;
    }
    return have != null && have.entrySet().containsAll(want.entrySet());
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  private static List<String> orEmptyList(List<String> l) {
    return l == null ? List.of() : l;
  }
}
