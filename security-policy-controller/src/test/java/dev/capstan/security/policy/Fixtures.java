package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** Pods and policies from YAML, for readable tables. */
public final class Fixtures {

  public static final KubernetesSerialization YAML = new KubernetesSerialization();

  /**
   * spec of a policy granting everything PSP can grant, no base. Tests add the field under test.
   */
  public static final String PERMISSIVE =
      """
      privileged: true
      allowedCapabilities: ['*']
      volumes: ['*']
      hostNetwork: true
      hostPID: true
      hostIPC: true
      hostPorts: [{min: 0, max: 65535}]
      runAsUser: {rule: RunAsAny}
      seLinux: {rule: RunAsAny}
      supplementalGroups: {rule: RunAsAny}
      fsGroup: {rule: RunAsAny}
      allowedProcMountTypes: [Default, Unmasked]
      seccomp: {allowedProfiles: ['*']}
      allowedUnsafeSysctls: ['*']
      """;

  private Fixtures() {}

  /** A pod from the YAML of its spec (indented as under {@code spec:}). */
  public static Pod pod(String specYaml) {
    return pod("{name: web, namespace: team-a}", specYaml);
  }

  public static Pod pod(String metadataYaml, String specYaml) {
    return YAML.unmarshal("metadata: " + metadataYaml + "\nspec:\n" + indent(specYaml), Pod.class);
  }

  /** A simple pod: one container "app". */
  public static Pod simplePod() {
    return pod("containers: [{name: app, image: app:1}]");
  }

  public static PodSecurityPolicy policy(String name, String specYaml) {
    return YAML.unmarshal(
        "apiVersion: security.capstan.dev/v1alpha1\nkind: PodSecurityPolicy\nmetadata: {name: "
            + name
            + "}\nspec:\n"
            + indent(specYaml),
        PodSecurityPolicy.class);
  }

  /** The permissive policy plus extra fields (later keys win in YAML maps? no: use override). */
  public static PodSecurityPolicy permissive(String name, String overrides) {
    StringBuilder spec = new StringBuilder();
    List<String> overridden =
        overrides
            .lines()
            .filter(l -> !l.startsWith(" ") && l.contains(":"))
            .map(l -> l.substring(0, l.indexOf(':')))
            .toList();
    for (String line : PERMISSIVE.lines().toList()) {
      String key = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
      if (!overridden.contains(key)) {
        spec.append(line).append('\n');
      }
    }
    spec.append(overrides);
    return policy(name, spec.toString());
  }

  public static String indent(String yaml) {
    return yaml.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }
}
