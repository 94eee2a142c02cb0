package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
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
    int port = LocalController.freePort();
    String url = "https://127.0.0.1:" + port;
    String configuration = RELEASE + "-security-policy-controller";
    String apps = TestNamespaces.uniqueName("psp-apps");
    String policy = "e2e-no-privileged-" + UUID.randomUUID().toString().substring(0, 5);
    LocalController controller = null;
    DevModeRelease release = new DevModeRelease(cluster, RELEASE);
    try {
      release.install(
          "controllers.workloads.enabled=false",
          "controllers.security.enabled=true",
          "devMode.webhookUrl=" + url);
      controller =
          LocalController.start(
              cluster,
              RELEASE,
              "security-policy-controller",
              Map.of(
                  "CAPSTAN_SECURITY_WEBHOOK_PORT", String.valueOf(port),
                  "CAPSTAN_SECURITY_WEBHOOK_URL", url,
                  "CAPSTAN_SECURITY_WEBHOOK_NAMESPACE", ns,
                  "CAPSTAN_SECURITY_WEBHOOK_CONFIGURATION_NAME", configuration));

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
      assertThat(controller.process().isAlive()).isTrue();
      assertThat(Files.readString(controller.log())).doesNotContainIgnoringCase("forbidden");
      assertThat(client.secrets().inNamespace(ns).withName(configuration + "-webhook-tls").get())
          .isNotNull();
    } finally {
      if (controller != null) {
        controller.stop();
      }
      release.uninstall();
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
}
