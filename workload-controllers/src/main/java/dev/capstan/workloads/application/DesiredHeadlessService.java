package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import java.util.List;
import java.util.Optional;

/**
 * Spec in, the headless Service of a StatefulSet out: it gives each replica a DNS name ({@code
 * <pod>.<service>.<namespace>.svc}). Kept apart from the application's own Service, which may be of
 * any type.
 */
public final class DesiredHeadlessService {

  private DesiredHeadlessService() {}

  public static String name(Application app) {
    var settings = app.getSpec().getStatefulSet();
    if (settings != null && settings.getServiceName() != null) {
      return settings.getServiceName();
    }
    return app.getMetadata().getName() + "-headless";
  }

  public static Optional<Service> of(Application app) {
    if (app.getSpec().getWorkload() != WorkloadKind.StatefulSet) {
      return Optional.empty();
    }
    ServiceSpecBuilder spec =
        new ServiceSpecBuilder()
            .withClusterIP("None")
            .withSelector(ApplicationLabels.selector(app))
            // Peers find each other before they are Ready (e.g. to form a quorum).
            .withPublishNotReadyAddresses(true);
    List<ServicePort> ports =
        app.getSpec().getContainers().stream()
            .map(ApplicationContainer::getPorts)
            .filter(PodTemplates::notEmpty)
            .flatMap(List::stream)
            .filter(p -> p.getName() != null)
            .map(DesiredHeadlessService::port)
            .toList();
    if (!ports.isEmpty()) {
      spec.withPorts(ports);
    }
    Service service = new Service();
    service.setMetadata(WorkloadIdentity.metadata(app, name(app)));
    service.setSpec(spec.build());
    return Optional.of(service);
  }

  private static ServicePort port(ApplicationPort port) {
    return new ServicePortBuilder()
        .withName(port.getName())
        .withPort(port.getContainerPort())
        .withTargetPort(new IntOrString(port.getName()))
        .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol().name())
        .build();
  }
}
