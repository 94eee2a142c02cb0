package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The edge of {@link Rollback}: gathers its inputs from the informers (and, only while a new
 * revision rolls out and a rollback is possible, lists the newest ReplicaSet's pods), and keeps the
 * decision for the rest of the reconcile, so the Deployment dependent and the status agree.
 */
final class RollbackContext {

  private static final String KEY = Rollback.class.getName();

  private RollbackContext() {}

  /** The decision for this reconcile, made once; empty unless the workload is a Deployment. */
  static Optional<Rollback> of(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.Deployment) {
      return Optional.empty();
    }
    var shared = context.managedWorkflowAndDependentResourceContext();
    Optional<Rollback> made = shared.get(KEY, Rollback.class);
    if (made.isPresent()) {
      return made;
    }
    Optional<Deployment> observed = context.getSecondaryResource(Deployment.class);
    Rollback decision =
        Rollback.decide(
            app,
            PodTemplates.of(app, null),
            observed,
            () -> observed.map(d -> newRevisionPods(d, context)).orElse(List.of()));
    shared.put(KEY, decision);
    return Optional.of(decision);
  }

  /** Pods of the ReplicaSet whose revision is the Deployment's (the new one). */
  private static List<Pod> newRevisionPods(Deployment deployment, Context<Application> context) {
    String revision = Rollback.annotation(deployment, Rollback.REVISION_ANNOTATION);
    if (revision == null) {
      return List.of();
    }
    String namespace = deployment.getMetadata().getNamespace();
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    Optional<String> templateHash =
        context
            .getClient()
            .apps()
            .replicaSets()
            .inNamespace(namespace)
            .withLabels(selector)
            .list()
            .getItems()
            .stream()
            .filter(rs -> revision.equals(annotation(rs, Rollback.REVISION_ANNOTATION)))
            .map(rs -> rs.getMetadata().getLabels().get("pod-template-hash"))
            .filter(Objects::nonNull)
            .findFirst();
    if (templateHash.isEmpty()) {
      return List.of();
    }
    Map<String, String> labels = new TreeMap<>(selector);
    labels.put("pod-template-hash", templateHash.get());
    return context.getClient().pods().inNamespace(namespace).withLabels(labels).list().getItems();
  }

  private static String annotation(ReplicaSet rs, String key) {
    var annotations = rs.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
