package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The install path users take, on the real control plane: `helm install` in development mode (CRDs,
 * ServiceAccount, least-privilege RBAC), the workload controller run as the jar users run,
 * authenticated as the chart's ServiceAccount (so the chart's RBAC is proven sufficient), the
 * examples applied and Ready, and `helm uninstall` leaving nothing behind but the CRDs (Helm never
 * deletes CRDs; documented in the chart's NOTES).
 */
@CapstanCluster
class HelmInstallIT {

  private static final String RELEASE = "capstan-e2e";

  @Test
  void developmentModeInstallRunsTheExamplesAndUninstallsCleanly(ClusterContext cluster)
      throws Exception {
    String ns = cluster.namespace();
    Tools.helm(
            cluster.kubeconfig(),
            "install",
            RELEASE,
            RenderedChart.CHART.toString(),
            "-n",
            ns,
            "--set",
            "devMode.enabled=true",
            "--wait",
            "--timeout",
            "2m")
        .orFail("helm install");
    String serviceAccount = RELEASE + "-workload-controllers";
    String token =
        Tools.kubectl(
                cluster.kubeconfig(), "create", "token", serviceAccount, "-n", ns, "--duration=1h")
            .orFail("kubectl create token")
            .output()
            .trim();
    Path kubeconfig = serviceAccountKubeconfig(cluster.client().getConfiguration(), token);

    Process operator = startWorkloadController(kubeconfig);
    try {
      String apps = cluster.namespace() + "-apps";
      cluster
          .client()
          .namespaces()
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName(apps)
                  .endMetadata()
                  .build())
          .create();
      List<HasMetadata> examples = Examples.load(cluster.client(), apps);
      examples.forEach(e -> cluster.client().resource(e).create());

      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                List<Application> applications =
                    cluster
                        .client()
                        .resources(Application.class)
                        .inNamespace(apps)
                        .list()
                        .getItems();
                assertThat(applications)
                    .hasSize(
                        (int)
                            examples.stream()
                                .filter(e -> "Application".equals(e.getKind()))
                                .count());
                assertThat(applications)
                    .allSatisfy(
                        a ->
                            assertThat(a.getStatus())
                                .isNotNull()
                                .satisfies(
                                    s ->
                                        assertThat(
                                                Conditions.isTrue(
                                                    s.getConditions(), Conditions.READY))
                                            .isTrue()));
              });
      assertThat(operator.isAlive())
          .as("the controller keeps running with the chart's RBAC")
          .isTrue();
      String log = Files.readString(operatorLog);
      assertThat(log).doesNotContain("Forbidden").doesNotContain("forbidden");
      cluster.client().namespaces().withName(apps).delete();
    } finally {
      operator.destroy();
      operator.waitFor();
    }

    Tools.helm(cluster.kubeconfig(), "uninstall", RELEASE, "-n", ns, "--wait")
        .orFail("helm uninstall");

    KubernetesClient client = cluster.client();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .rbac()
                          .clusterRoles()
                          .withLabel("app.kubernetes.io/part-of", "capstan")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      client
                          .rbac()
                          .clusterRoleBindings()
                          .withLabel("app.kubernetes.io/part-of", "capstan")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(client.serviceAccounts().inNamespace(ns).withName(serviceAccount).get())
                  .isNull();
            });
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(Application.CRD_NAME)
                .get())
        .as("CRDs stay: they hold users' resources")
        .isNotNull();
  }

  private Path operatorLog;

  private Process startWorkloadController(Path kubeconfig) throws IOException {
    Path jar =
        ProjectLayout.root().resolve("workload-controllers/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the workload controller jar (built before this module)").exists();
    operatorLog = Files.createTempFile("capstan-workload-controllers-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(operatorLog.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    return builder.start();
  }

  private static Path serviceAccountKubeconfig(Config admin, String token) throws IOException {
    String caFile = admin.getCaCertFile();
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: controller
          user:
            token: %s
        contexts:
        - name: local
          context: {cluster: local, user: controller}
        current-context: local
        """
            .formatted(admin.getMasterUrl(), caFile, token);
    Path file = Files.createTempFile("capstan-sa-", ".kubeconfig");
    Files.writeString(file, kubeconfig);
    return file;
  }
}
