package dev.capstan.crds.workloads.v1alpha1.render;

import dev.capstan.crds.workloads.v1alpha1.ApplicationProbe;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/** Application probes to Kubernetes probes; unset timing fields keep Kubernetes' defaults. */
final class ApplicationProbes {

  private ApplicationProbes() {}

  static Probe of(ApplicationProbe probe) {
    if (probe == null) {
      return null;
    }
    ProbeBuilder result =
        new ProbeBuilder()
            .withInitialDelaySeconds(probe.getInitialDelaySeconds())
            .withPeriodSeconds(probe.getPeriodSeconds())
            .withTimeoutSeconds(probe.getTimeoutSeconds())
            .withFailureThreshold(probe.getFailureThreshold());
    if (probe.getHttpGet() != null) {
      result
          .withNewHttpGet()
          .withPath(probe.getHttpGet().getPath())
          .withPort(probe.getHttpGet().getPort())
          .withScheme("HTTP")
          .endHttpGet();
    } else if (probe.getTcpSocket() != null) {
      result.withNewTcpSocket().withPort(probe.getTcpSocket().getPort()).endTcpSocket();
    } else if (probe.getExec() != null) {
      result.withNewExec().withCommand(probe.getExec().getCommand()).endExec();
    }
    return result.build();
  }
}
