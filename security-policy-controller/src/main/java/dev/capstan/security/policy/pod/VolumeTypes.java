package dev.capstan.security.policy.pod;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The type of a pod volume, by the name of its source field (hostPath, configMap, ...). */
public final class VolumeTypes {

  private static final Map<String, Function<Volume, Object>> SOURCES = new LinkedHashMap<>();

  static {
    SOURCES.put("awsElasticBlockStore", Volume::getAwsElasticBlockStore);
    SOURCES.put("azureDisk", Volume::getAzureDisk);
    SOURCES.put("azureFile", Volume::getAzureFile);
    SOURCES.put("cephFS", Volume::getCephfs);
    SOURCES.put("cinder", Volume::getCinder);
    SOURCES.put("configMap", Volume::getConfigMap);
    SOURCES.put("csi", Volume::getCsi);
    SOURCES.put("downwardAPI", Volume::getDownwardAPI);
    SOURCES.put("emptyDir", Volume::getEmptyDir);
    SOURCES.put("ephemeral", Volume::getEphemeral);
    SOURCES.put("fc", Volume::getFc);
    SOURCES.put("flexVolume", Volume::getFlexVolume);
    SOURCES.put("flocker", Volume::getFlocker);
    SOURCES.put("gcePersistentDisk", Volume::getGcePersistentDisk);
    SOURCES.put("gitRepo", Volume::getGitRepo);
    SOURCES.put("glusterfs", Volume::getGlusterfs);
    SOURCES.put("hostPath", Volume::getHostPath);
    SOURCES.put("image", Volume::getImage);
    SOURCES.put("iscsi", Volume::getIscsi);
    SOURCES.put("nfs", Volume::getNfs);
    SOURCES.put("persistentVolumeClaim", Volume::getPersistentVolumeClaim);
    SOURCES.put("photonPersistentDisk", Volume::getPhotonPersistentDisk);
    SOURCES.put("portworxVolume", Volume::getPortworxVolume);
    SOURCES.put("projected", Volume::getProjected);
    SOURCES.put("quobyte", Volume::getQuobyte);
    SOURCES.put("rbd", Volume::getRbd);
    SOURCES.put("scaleIO", Volume::getScaleIO);
    SOURCES.put("secret", Volume::getSecret);
    SOURCES.put("storageos", Volume::getStorageos);
    SOURCES.put("vsphereVolume", Volume::getVsphereVolume);
  }

  private VolumeTypes() {}

  /**
   * The volume's type. A source this fabric8 model does not know (a newer Kubernetes volume type)
   * lands in additionalProperties; its key is the type, so policies still see it and an allowlist
   * without it rejects it. A volume with no source at all is {@code unknown}.
   */
  public static String of(Volume volume) {
    for (Map.Entry<String, Function<Volume, Object>> source : SOURCES.entrySet()) {
      if (source.getValue().apply(volume) != null) {
        return source.getKey();
      }
    }
    Map<String, Object> extra = volume.getAdditionalProperties();
    if (extra != null && !extra.isEmpty()) {
      return extra.keySet().iterator().next();
    }
    return "unknown";
  }

  /** Every type name this model knows. */
  public static java.util.Set<String> known() {
    return SOURCES.keySet();
  }

  /**
   * A projected volume of only the service account token, the kube-root-ca.crt ConfigMap and the
   * namespace from the downward API — what the apiserver injects — counts as a secret volume.
   */
  public static boolean isOnlyServiceAccountToken(Volume volume) {
    if (volume.getProjected() == null || volume.getProjected().getSources() == null) {
      return false;
    }
    List<VolumeProjection> sources = volume.getProjected().getSources();
    if (sources.isEmpty()) {
      return false;
    }
    for (VolumeProjection source : sources) {
      if (source.getServiceAccountToken() != null
          && source.getConfigMap() == null
          && source.getDownwardAPI() == null
          && source.getSecret() == null) {
        continue;
      }
      ConfigMapProjection cm = source.getConfigMap();
      if (cm != null
          && "kube-root-ca.crt".equals(cm.getName())
          && source.getDownwardAPI() == null) {
        continue;
      }
      if (source.getDownwardAPI() != null && source.getDownwardAPI().getItems() != null) {
        List<DownwardAPIVolumeFile> items = source.getDownwardAPI().getItems();
        boolean onlyNamespace =
            items.stream()
                .allMatch(
                    i ->
                        i.getFieldRef() != null
                            && "metadata.namespace".equals(i.getFieldRef().getFieldPath()));
        if (onlyNamespace) {
          continue;
        }
      }
      return false;
    }
    return true;
  }
}
