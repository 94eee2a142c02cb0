package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The security controller's install path in development mode: the chart installs the webhook
 * configurations (calling a URL) and the controller's least-privilege RBAC; the controller runs as
 * the jar users run, authenticated as the chart's ServiceAccount, keeps its certificates in a
 * Secret of the release namespace and injects the CA bundle into the chart's configurations. The
 * real apiserver then rejects and defaults pods as a policy says, and {@code helm uninstall} takes
 * the fail-closed configurations away with the release.
 */
@CapstanCluster
class SecurityWebhookInstallIT {

  private static final String RELEASE = "capstan-sec";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @Test
  void developmentModeInstallEnforcesPoliciesWithTheChartsRbacAndUninstallsCleanly(
      ClusterContext cluster) throws Exception {
    KubernetesClient client = cluster.client();
    String ns = cluster.namespace();
    int port = freePort();
    String url = "https://127.0.0.1:" + port;
    String configuration = RELEASE + "-security-policy-controller";
    String apps = TestNamespaces.uniqueName("psp-apps");
    String policy = "e2e-no-privileged-" + UUID.randomUUID().toString().substring(0, 5);
    Process controller = null;
    try {
      Tools.helm(
              cluster.kubeconfig(),
              "install",
              RELEASE,
              RenderedChart.CHART.toString(),
              "-n",
              ns,
              "--set",
              "devMode.enabled=true",
              "--set",
              "controllers.workloads.enabled=false",
              "--set",
              "controllers.security.enabled=true",
              "--set",
              "devMode.webhookUrl=" + url,
              "--wait",
              "--timeout",
              "2m")
          .orFail("helm install");
      String token =
          Tools.kubectl(
                  cluster.kubeconfig(), "create", "token", configuration, "-n", ns, "--duration=1h")
              .orFail("kubectl create token")
              .output()
              .trim();
      Path log = Files.createTempFile("capstan-security-policy-controller-", ".log");
      controller =
          startController(
              serviceAccountKubeconfig(client.getConfiguration(), token),
              log,
              port,
              url,
              ns,
              configuration);

      TestNamespaces.create(client, apps);
      client
          .resource(
              YAML.unmarshal(
                  """
                  apiVersion: security.capstan.dev/v1alpha1
                  kind: PodSecurityPolicy
                  metadata: {name: %s}
                  spec:
                    base: {level: baseline}
                    allowPrivilegeEscalation: false
                    binding:
                      namespaceSelector:
                        matchLabels: {kubernetes.io/metadata.name: %s}
                  """
                      .formatted(policy, apps),
                  PodSecurityPolicy.class))
          .create();

      // Defaulted and annotated once the controller serves and the apiserver trusts it.
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .untilAsserted(
              () -> {
                Pod pod =
                    client
                        .pods()
                        .inNamespace(apps)
                        .resource(
                            pod("probe-" + UUID.randomUUID().toString().substring(0, 5), false))
                        .dryRun()
                        .create();
                assertThat(pod.getMetadata().getAnnotations())
                    .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, policy);
                assertThat(
                        pod.getSpec()
                            .getContainers()
                            .get(0)
                            .getSecurityContext()
                            .getAllowPrivilegeEscalation())
                    .isFalse();
              });
      assertThatThrownBy(() -> client.pods().inNamespace(apps).resource(pod("root", true)).create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("violates PodSecurityPolicy \"" + policy + "\"")
          .hasMessageContaining("spec.containers[0].securityContext.privileged");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .resources(PodSecurityPolicy.class)
                              .withName(policy)
                              .get()
                              .getStatus())
                      .as("the status reconciler works with the chart's RBAC")
                      .isNotNull());
      assertThat(controller.isAlive()).isTrue();
      assertThat(Files.readString(log)).doesNotContainIgnoringCase("forbidden");
      assertThat(client.secrets().inNamespace(ns).withName(configuration + "-webhook-tls").get())
          .isNotNull();
    } finally {
      if (controller != null) {
        controller.destroy();
        controller.waitFor();
      }
      Tools.helm(cluster.kubeconfig(), "uninstall", RELEASE, "-n", ns, "--wait");
      client.resources(PodSecurityPolicy.class).withName(policy).delete();
      client.namespaces().withName(apps).delete();
    }

    assertThat(
            client
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(configuration)
                .get())
        .as("no fail-closed webhook outlives the release")
        .isNull();
    assertThat(
            client
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(configuration)
                .get())
        .isNull();
  }

  private static Pod pod(String name, boolean privileged) {
    return YAML.unmarshal(
        "metadata: {name: "
            + name
            + "}\nspec:\n  containers: [{name: app, image: app:1, securityContext: {privileged: "
            + privileged
            + "}}]\n",
        Pod.class);
  }

  private static Process startController(
      Path kubeconfig, Path log, int port, String url, String namespace, String configuration)
      throws IOException {
    Path jar =
        ProjectLayout.root()
            .resolve("security-policy-controller/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the security controller jar (built before this module)").exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    builder.environment().put("CAPSTAN_SECURITY_WEBHOOK_PORT", String.valueOf(port));
    builder.environment().put("CAPSTAN_SECURITY_WEBHOOK_URL", url);
    builder.environment().put("CAPSTAN_SECURITY_WEBHOOK_NAMESPACE", namespace);
    builder.environment().put("CAPSTAN_SECURITY_WEBHOOK_CONFIGURATION_NAME", configuration);
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path serviceAccountKubeconfig(Config admin, String token) throws IOException {
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
            .formatted(admin.getMasterUrl(), admin.getCaCertFile(), token);
    Path file = Files.createTempFile("capstan-sa-", ".kubeconfig");
    Files.writeString(file, kubeconfig);
    return file;
  }
}
