package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The edge of {@link Rollback}: gathers its inputs from the informers (and, only while a new
 * revision rolls out and a rollback is possible, lists that revision's pods: a Deployment's newest
 * ReplicaSet's, a StatefulSet's update revision's), and keeps the decision for the rest of the
 * reconcile, so the workload dependent and the status agree.
 */
final class RollbackContext {

  /** The label a StatefulSet's pods carry with the name of their ControllerRevision. */
  static final String STATEFUL_SET_REVISION = "controller-revision-hash";

  static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

  private static final String KEY = Rollback.class.getName();

  private static final Clock CLOCK = Clock.systemUTC();

  private RollbackContext() {}

  /** Whether Applications of this kind are rolled back automatically. */
  static boolean supports(WorkloadKind kind) {
    return kind == WorkloadKind.Deployment || kind == WorkloadKind.StatefulSet;
  }

  /** The decision for this reconcile, made once; empty unless the kind is rolled back. */
  static Optional<Rollback> of(Application app, Context<Application> context) {
    WorkloadKind kind = app.getSpec().getWorkload();
    if (!supports(kind)) {
      return Optional.empty();
    }
    var shared = context.managedWorkflowAndDependentResourceContext();
    Optional<Rollback> made = shared.get(KEY, Rollback.class);
    if (made.isPresent()) {
      return made;
    }
    Optional<ObservedRollout> observed =
        kind == WorkloadKind.Deployment
            ? context
                .getSecondaryResource(Deployment.class)
                .map(d -> ObservedRollout.of(d, () -> newReplicaSetPods(d, context)))
            : context
                .getSecondaryResource(StatefulSet.class)
                .map(
                    s ->
                        ObservedRollout.of(
                            s,
                            Rollback.progressDeadline(app),
                            () -> updateRevisionPods(s, context)));
    Rollback decision = Rollback.decide(app, PodTemplates.of(app, null), observed, CLOCK.instant());
    shared.put(KEY, decision);
    return Optional.of(decision);
  }

  /** Pods of the ReplicaSet whose revision is the Deployment's (the new one). */
  private static List<Pod> newReplicaSetPods(Deployment deployment, Context<Application> context) {
    String revision = annotation(deployment, DEPLOYMENT_REVISION);
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
            .filter(rs -> revision.equals(annotation(rs, DEPLOYMENT_REVISION)))
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

  /** Pods of the StatefulSet's update revision (the new one): one label-selected LIST. */
  private static List<Pod> updateRevisionPods(
      StatefulSet statefulSet, Context<Application> context) {
    String revision =
        statefulSet.getStatus() == null ? null : statefulSet.getStatus().getUpdateRevision();
    if (revision == null) {
      return List.of();
    }
    Map<String, String> labels =
        new TreeMap<>(statefulSet.getSpec().getSelector().getMatchLabels());
    labels.put(STATEFUL_SET_REVISION, revision);
    return context
        .getClient()
        .pods()
        .inNamespace(statefulSet.getMetadata().getNamespace())
        .withLabels(labels)
        .list()
        .getItems();
  }

  static String annotation(HasMetadata object, String key) {
    var annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
