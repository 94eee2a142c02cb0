package dev.capstan.workloads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.Crds;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two processes of the packaged workload-controllers jar, started as in a pod ({@code
 * POD_NAMESPACE}, {@code POD_NAME}), elect one leader on the real cluster. Only the leader
 * reconciles; SIGTERM stops the leader cleanly (no JOSDK shutdown deadlock under leader election);
 * the other takes over within the lease duration and reconciles; it stops cleanly too.
 */
@CapstanCluster
@Tag("operator-process")
class LeaderElectionProcessIT {

  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration RENEW = Duration.ofSeconds(4);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String LEASE_NAME = "capstan-workload-controllers";

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void theLeaderReconcilesStopsCleanlyOnSigtermAndTheOtherTakesOver(ClusterContext cluster)
      throws Exception {
    KubernetesClient client = cluster.client();
    Crds.installAll(client);

    OperatorProcess a = start(cluster, "op-a");
    assertThat(awaitHolder(client, cluster.namespace(), "op-a_")).startsWith("op-a_");
    OperatorProcess b = start(cluster, "op-b");
    await().atMost(Duration.ofSeconds(60)).until(() -> b.log().contains("leader is now op-a_"));

    createApplication(client, cluster.namespace(), "first");
    awaitReady(client, cluster.namespace(), "first");
    assertThat(reportingInstances(client, cluster.namespace(), "first"))
        .isNotEmpty()
        .allSatisfy(instance -> assertThat(instance).startsWith("op-a_"));
    assertThat(b.log()).doesNotContain("ReconcilerExecutor-application");

    a.process().destroy(); // SIGTERM, as the kubelet sends it
    assertThat(a.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the leader exits on SIGTERM instead of hanging in System.exit; log:\n" + a.log())
        .isTrue();
    long exited = System.nanoTime();
    assertThat(a.log())
        .contains("stops leading because the operator is stopping")
        .doesNotContain("lost leadership");

    createApplication(client, cluster.namespace(), "second");
    assertThat(awaitHolder(client, cluster.namespace(), "op-b_")).startsWith("op-b_");
    Duration takeover = Duration.ofNanos(System.nanoTime() - exited);
    assertThat(takeover)
        .as("takeover within the lease duration (plus the candidate's jittered retry period)")
        .isLessThanOrEqualTo(LEASE.plus(RETRY.multipliedBy(3)).plusSeconds(3));
    awaitReady(client, cluster.namespace(), "second");
    assertThat(reportingInstances(client, cluster.namespace(), "second"))
        .isNotEmpty()
        .allSatisfy(instance -> assertThat(instance).startsWith("op-b_"));

    b.process().destroy();
    assertThat(b.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("log:\n" + b.log())
        .isTrue();
    assertThat(b.log()).contains("stops leading because the operator is stopping");
  }

  private OperatorProcess start(ClusterContext cluster, String podName) throws IOException {
    Path jar = Path.of(System.getProperty("capstan.operator.jar"));
    assertThat(jar).exists();
    Path log =
        jar.getParent()
            .getParent()
            .resolve("operator-processes")
            .resolve(cluster.namespace() + "-" + podName + ".log");
    Files.createDirectories(log.getParent());
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Dquarkus.http.port=0",
                "-Dcapstan.leader-election.lease-duration=" + LEASE.toSeconds() + "s",
                "-Dcapstan.leader-election.renew-deadline=" + RENEW.toSeconds() + "s",
                "-Dcapstan.leader-election.retry-period=" + RETRY.toSeconds() + "s",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", SharedCluster.get().kubeconfig().toString());
    builder.environment().put("POD_NAMESPACE", cluster.namespace());
    builder.environment().put("POD_NAME", podName);
    Process process = builder.start();
    processes.add(process);
    return new OperatorProcess(process, log);
  }

  private static String awaitHolder(KubernetesClient client, String namespace, String prefix) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              Lease lease = client.leases().inNamespace(namespace).withName(LEASE_NAME).get();
              return lease == null ? "" : String.valueOf(lease.getSpec().getHolderIdentity());
            },
            holder -> holder.startsWith(prefix));
  }

  private static void createApplication(KubernetesClient client, String namespace, String name) {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: %s, namespace: %s}
            spec:
              replicas: 1
              containers: [{name: app, image: registry.example/%s:1.0}]
            """
                .formatted(name, namespace, name))
        .create();
  }

  private static void awaitReady(KubernetesClient client, String namespace, String name) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              Application app =
                  client.resources(Application.class).inNamespace(namespace).withName(name).get();
              return app != null
                  && app.getStatus() != null
                  && Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY);
            });
  }

  /** Who reported the Events about an Application: each process reports its own identity. */
  private static List<String> reportingInstances(
      KubernetesClient client, String namespace, String name) {
    String uid =
        client
            .resources(Application.class)
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getMetadata()
            .getUid();
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(Event.class).inNamespace(namespace).list().getItems().stream()
                    .filter(e -> uid.equals(e.getRegarding().getUid()))
                    .map(Event::getReportingInstance)
                    .toList(),
            instances -> !instances.isEmpty());
  }

  private record OperatorProcess(Process process, Path logFile) {
    String log() throws IOException {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    }
  }
}
