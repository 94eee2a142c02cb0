package dev.capstan.crds.workloads.v1alpha1.render;

import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec.SecurityProfile;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The securityContext each profile sets. {@code restricted} is what the Pod Security Standards'
 * restricted level checks for (runAsNonRoot, allowPrivilegeEscalation=false, capabilities drop ALL,
 * seccomp RuntimeDefault or Localhost); {@code baseline} only turns on the runtime's default
 * seccomp profile; {@code none} leaves everything to the cluster.
 */
final class SecurityProfiles {

  private SecurityProfiles() {}

  static PodSecurityContext pod(SecurityProfile profile) {
    return switch (profile == null ? SecurityProfile.restricted : profile) {
      case restricted ->
          new PodSecurityContextBuilder()
              .withRunAsNonRoot(true)
              .withNewSeccompProfile()
              .withType("RuntimeDefault")
              .endSeccompProfile()
              .build();
      case baseline ->
          new PodSecurityContextBuilder()
              .withNewSeccompProfile()
              .withType("RuntimeDefault")
              .endSeccompProfile()
              .build();
      case none -> null;
    };
  }

  static SecurityContext container(SecurityProfile profile) {
    if (profile != null && profile != SecurityProfile.restricted) {
      return null;
    }
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }
}
