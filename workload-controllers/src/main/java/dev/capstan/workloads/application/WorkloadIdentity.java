package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.function.Supplier;

/** Names and metadata of an Application's children. */
final class WorkloadIdentity {

  private WorkloadIdentity() {}

  /** Metadata of a child named after the Application, with the Application's labels. */
  static ObjectMeta metadata(Application app) {
    return metadata(app, app.getMetadata().getName());
  }

  static ObjectMeta metadata(Application app, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(ApplicationLabels.all(app))
        .build();
  }

  /**
   * An object that carries only a name and namespace. JOSDK asks a dependent for its desired object
   * also when the reconcile precondition is false, to find the one to delete (pruning); then only
   * the identity matters.
   */
  static <R extends HasMetadata> R only(Supplier<R> type, Application app, String name) {
    R identity = type.get();
    identity.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(app.getMetadata().getNamespace())
            .build());
    return identity;
  }
}
