package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.scope.ReconcileScope;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Log lines written while an Application is reconciled carry its namespace and name in the MDC,
 * under JOSDK's keys, also on JOSDK's workflow threads where the dependents apply children.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class ReconcileLoggingIT {

  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("reconcile-logging-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void reconcileLogLinesCarryTheApplicationsNamespaceAndName() {
    Capture capture = new Capture();
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      client
          .resource(
              """
              apiVersion: workloads.capstan.dev/v1alpha1
              kind: Application
              metadata: {name: logged, namespace: %s}
              spec:
                replicas: 1
                containers: [{name: app, image: registry.example/logged:1.0}]
              """
                  .formatted(namespace))
          .create();
      await().atMost(Duration.ofSeconds(60)).until(ReconcileLoggingIT::ready);
      // The Ready line is logged before the status patch that makes the Application Ready.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !lines(capture, "Normal Available").isEmpty());
    } finally {
      root.removeHandler(capture);
    }

    List<Line> ours = capture.lines.stream().filter(l -> namespace.equals(l.namespace())).toList();
    assertThat(lines(capture, "Normal Available"))
        .as("the reconciler's own line, on the reconcile thread")
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.namespace()).isEqualTo(namespace);
              assertThat(l.name()).isEqualTo("logged");
              assertThat(l.thread()).startsWith("ReconcilerExecutor-application-");
            });
    assertThat(lines(capture, "Creating 'logged' Deployment"))
        .as("JOSDK's dependent line, on a workflow thread")
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.namespace()).isEqualTo(namespace);
              assertThat(l.name()).isEqualTo("logged");
              assertThat(l.thread()).doesNotStartWith("ReconcilerExecutor-");
            });
    assertThat(capture.lines)
        .as("every line from a reconcile thread or a dependent names its primary")
        .filteredOn(
            l ->
                l.thread().startsWith("ReconcilerExecutor-")
                    || l.logger().startsWith("dev.capstan.workloads.application")
                    || l.logger().endsWith("AbstractDependentResource"))
        .isNotEmpty()
        .allSatisfy(
            l -> {
              assertThat(l.namespace()).as(l.toString()).isNotBlank();
              assertThat(l.name()).as(l.toString()).isNotBlank();
            });
    assertThat(ours).isNotEmpty();
  }

  private static List<Line> lines(Capture capture, String text) {
    return capture.lines.stream()
        .filter(l -> l.message().contains(text) && namespace.equals(l.namespace()))
        .toList();
  }

  private static boolean ready() {
    Application app =
        client.resources(Application.class).inNamespace(namespace).withName("logged").get();
    return app != null
        && app.getStatus() != null
        && Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY);
  }

  private record Line(
      String logger, String thread, String message, String namespace, String name) {}

  /** Keeps what a log line carried when it was written. */
  private static final class Capture extends Handler {
    final Queue<Line> lines = new ConcurrentLinkedQueue<>();

    @Override
    public void publish(LogRecord record) {
      if (!(record instanceof ExtLogRecord ext)) {
        return;
      }
      lines.add(
          new Line(
              String.valueOf(ext.getLoggerName()),
              String.valueOf(ext.getThreadName()),
              String.valueOf(ext.getFormattedMessage()),
              ext.getMdc(ReconcileScope.NAMESPACE),
              ext.getMdc(ReconcileScope.NAME)));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
