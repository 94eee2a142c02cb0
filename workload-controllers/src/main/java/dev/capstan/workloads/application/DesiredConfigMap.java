package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Spec in, the configuration ConfigMap out (when the Application has config). */
public final class DesiredConfigMap {

  private DesiredConfigMap() {}

  public static String name(Application app) {
    return app.getMetadata().getName() + "-config";
  }

  public static Optional<ConfigMap> of(Application app) {
    ApplicationConfig config = app.getSpec().getConfig();
    if (config == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name(app))
            .withNamespace(app.getMetadata().getNamespace())
            .withLabels(ApplicationLabels.all(app))
            .endMetadata()
            .withData(new TreeMap<>(config.getData()))
            .build());
  }

  /**
   * A short, stable digest of the configuration's content. Put on the pod template, it makes a
   * change of configuration roll the pods, which a ConfigMap mounted as a volume alone would not.
   */
  public static String contentHash(ApplicationConfig config) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> entry : new TreeMap<>(config.getData()).entrySet()) {
        digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(entry.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
