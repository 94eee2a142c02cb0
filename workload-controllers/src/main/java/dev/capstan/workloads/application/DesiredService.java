package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Optional;

/**
 * Spec in, the Service that exposes the application's pods out (when the Application asks for one).
 */
public final class DesiredService {

  private DesiredService() {}

  public static Optional<Service> of(Application app) {
    ApplicationService service = app.getSpec().getService();
    if (service == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceBuilder()
            .withNewMetadata()
            .withName(app.getMetadata().getName())
            .withNamespace(app.getMetadata().getNamespace())
            .withLabels(ApplicationLabels.all(app))
            .endMetadata()
            .withNewSpec()
            .withType(service.getType().name())
            .withSelector(ApplicationLabels.selector(app))
            .withPorts(service.getPorts().stream().map(DesiredService::port).toList())
            .endSpec()
            .build());
  }

  private static ServicePort port(ApplicationService.ServicePort port) {
    IntOrString target =
        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
    return new ServicePortBuilder()
        .withName(port.getName())
        .withPort(port.getPort())
        .withTargetPort(target)
        .withProtocol(port.getProtocol().name())
        .build();
  }
}
