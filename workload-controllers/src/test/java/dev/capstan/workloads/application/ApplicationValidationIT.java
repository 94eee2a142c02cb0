package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.Crds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real apiserver rejects Applications whose fields do not fit their workload kind, with the CEL
 * rule's message (it says what to fix). Server-side dry run: nothing is stored.
 */
@CapstanCluster
class ApplicationValidationIT {

  private static String namespace;

  @BeforeAll
  static void setUp(KubernetesClient client) {
    Crds.installAll(client);
    namespace = TestNamespaces.uniqueName("application-validation-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp(KubernetesClient client) {
    TestNamespaces.deleteAndAwait(client, namespace);
  }

  @Test
  void cronJobWithoutScheduleIsRejected(KubernetesClient client) {
    assertRejected(
        client,
        """
        workload: CronJob
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.cronJob with a schedule is required when workload is CronJob");
    assertRejected(
        client,
        """
        workload: CronJob
        cronJob: {concurrencyPolicy: Forbid}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.cronJob.schedule: Required value");
  }

  @Test
  void kindSpecificSectionsAreRejectedOnOtherKinds(KubernetesClient client) {
    assertRejected(
        client,
        """
        cronJob: {schedule: "@hourly"}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.cronJob is only allowed when workload is CronJob");
    assertRejected(
        client,
        """
        workload: DaemonSet
        job: {completions: 2}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.job is only allowed when workload is Job or CronJob");
    assertRejected(
        client,
        """
        workload: Deployment
        statefulSet: {partition: 1}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.statefulSet is only allowed when workload is StatefulSet");
  }

  @Test
  void replicasAreRejectedWhereTheKindDecidesThePodCount(KubernetesClient client) {
    for (String kind : new String[] {"DaemonSet", "Job"}) {
      assertRejected(
          client,
          """
          workload: %s
          replicas: 2
          containers: [{name: app, image: registry.example/a:1}]
          """
              .formatted(kind),
          "spec.replicas is only allowed for Deployment and StatefulSet");
    }
  }

  @Test
  void duplicateVolumeClaimTemplatesAreRejected(KubernetesClient client) {
    assertRejected(
        client,
        """
        workload: StatefulSet
        statefulSet:
          volumeClaimTemplates:
          - {name: data, size: 1Gi, mountPath: /a}
          - {name: data, size: 2Gi, mountPath: /b}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "statefulSet.volumeClaimTemplates: every template needs a unique name");
  }

  @Test
  void podShapeMistakesAreRejected(KubernetesClient client) {
    assertRejected(
        client,
        """
        workload: StatefulSet
        volumes: [{name: data, claim: {size: 1Gi}}]
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "use statefulSet.volumeClaimTemplates for per-replica storage");
    assertRejected(
        client,
        """
        volumes: [{name: both, emptyDir: {}, claim: {size: 1Gi}}]
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "volumes: set exactly one of emptyDir, projected or claim");
    assertRejected(
        client,
        """
        initContainers: [{name: init, image: registry.example/i:1, readinessProbe: {exec: {command: [x]}}}]
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.initContainers: probes are not allowed");
    assertRejected(
        client,
        """
        sidecars: [{name: app, image: registry.example/s:1}]
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.sidecars: every name must differ from the containers'");
    assertRejected(
        client,
        """
        securityProfile: privileged
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.securityProfile: Unsupported value");
  }

  @Test
  void exposureAndScalingMistakesAreRejected(KubernetesClient client) {
    assertRejected(
        client,
        """
        ingress: {host: a.example.test}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.ingress needs spec.service");
    assertRejected(
        client,
        """
        service: {ports: [{name: http, port: 80}]}
        ingress: {host: a.example.test, paths: [{path: /, port: grpc}]}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.ingress.paths[].port must name a port of spec.service");
    assertRejected(
        client,
        """
        replicas: 3
        autoscaling: {maxReplicas: 5}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.replicas and spec.autoscaling exclude each other");
    assertRejected(
        client,
        """
        autoscaling: {minReplicas: 6, maxReplicas: 5}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "autoscaling: minReplicas must not exceed maxReplicas");
    assertRejected(
        client,
        """
        workload: DaemonSet
        autoscaling: {maxReplicas: 5}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.autoscaling is only allowed for Deployment and StatefulSet");
    assertRejected(
        client,
        """
        disruptionBudget: {minAvailable: 1, maxUnavailable: 1}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "disruptionBudget: set exactly one of minAvailable or maxUnavailable");
  }

  @Test
  void rolloutMistakesAreRejected(KubernetesClient client) {
    assertRejected(
        client,
        """
        workload: StatefulSet
        rollout: {strategy: Recreate}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.rollout.strategy Recreate is only for Deployments");
    assertRejected(
        client,
        """
        rollout: {strategy: OnDelete}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.rollout.strategy OnDelete is only for StatefulSets and DaemonSets");
    assertRejected(
        client,
        """
        rollout: {strategy: Recreate, maxSurge: 1}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "rollout: maxSurge and maxUnavailable only apply to the RollingUpdate strategy");
    assertRejected(
        client,
        """
        workload: DaemonSet
        rollout: {progressDeadlineSeconds: 60}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.rollout.progressDeadlineSeconds is only for Deployments and StatefulSets");
    assertRejected(
        client,
        """
        workload: StatefulSet
        rollout: {maxUnavailable: 1}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "use spec.statefulSet.partition for a phased rollout");
    assertRejected(
        client,
        """
        workload: StatefulSet
        statefulSet: {partition: 2}
        rollout: {strategy: OnDelete}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.statefulSet.partition needs the RollingUpdate strategy");
    assertRejected(
        client,
        """
        workload: Job
        rollout: {minReadySeconds: 5}
        containers: [{name: app, image: registry.example/a:1}]
        """,
        "spec.rollout is only allowed for Deployment, StatefulSet and DaemonSet");
  }

  @Test
  void everyKindWithItsOwnFieldsIsAccepted(KubernetesClient client) {
    String[] specs = {
      "workload: Deployment\nreplicas: 2",
      "workload: StatefulSet\nreplicas: 2\nstatefulSet: {partition: 1, volumeClaimTemplates:"
          + " [{name: data, size: 1Gi, mountPath: /data}]}",
      "workload: DaemonSet\nnodeSelector: {kubernetes.io/os: linux}",
      "workload: Job\njob: {completions: 3, parallelism: 2, backoffLimit: 1}",
      "workload: CronJob\ncronJob: {schedule: '*/5 * * * *'}\njob: {backoffLimit: 0}"
    };
    for (String spec : specs) {
      client
          .resource(application(spec + "\ncontainers: [{name: app, image: registry.example/a:1}]"))
          .dryRun()
          .create();
    }
  }

  private static void assertRejected(KubernetesClient client, String spec, String message) {
    assertThatThrownBy(() -> client.resource(application(spec)).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }

  private static String application(String spec) {
    return """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: invalid, namespace: %s}
        spec:
        %s"""
        .formatted(namespace, spec.indent(2));
  }
}
