package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationIngress;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpecBuilder;
import java.util.List;
import java.util.Optional;

/** Spec in, the Ingress that routes a host to the application's Service out (when asked for). */
public final class DesiredIngress {

  private DesiredIngress() {}

  public static Optional<Ingress> of(Application app) {
    ApplicationIngress ingress = app.getSpec().getIngress();
    if (ingress == null || app.getSpec().getService() == null) {
      return Optional.empty();
    }
    String defaultPort = app.getSpec().getService().getPorts().get(0).getName();
    List<ApplicationIngress.Path> paths =
        PodTemplates.notEmpty(ingress.getPaths()) ? ingress.getPaths() : List.of(root());
    IngressSpecBuilder spec =
        new IngressSpecBuilder()
            .withIngressClassName(ingress.getClassName())
            .addNewRule()
            .withHost(ingress.getHost())
            .withNewHttp()
            .withPaths(paths.stream().map(p -> path(app, p, defaultPort)).toList())
            .endHttp()
            .endRule();
    if (ingress.getTlsSecretName() != null) {
      spec.addNewTl()
          .withHosts(ingress.getHost())
          .withSecretName(ingress.getTlsSecretName())
          .endTl();
    }
    return Optional.of(
        new IngressBuilder()
            .withMetadata(WorkloadIdentity.metadata(app))
            .withSpec(spec.build())
            .build());
  }

  private static ApplicationIngress.Path root() {
    ApplicationIngress.Path root = new ApplicationIngress.Path();
    root.setPath("/");
    return root;
  }

  private static HTTPIngressPath path(
      Application app, ApplicationIngress.Path path, String defaultPort) {
    return new HTTPIngressPathBuilder()
        .withPath(path.getPath())
        .withPathType(path.getPathType().name())
        .withNewBackend()
        .withNewService()
        .withName(app.getMetadata().getName())
        .withNewPort()
        .withName(path.getPort() != null ? path.getPort() : defaultPort)
        .endPort()
        .endService()
        .endBackend()
        .build();
  }
}
