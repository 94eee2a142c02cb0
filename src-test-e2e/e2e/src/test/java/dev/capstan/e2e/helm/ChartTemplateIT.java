package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lint and template tests of the chart with the real helm binary: every values combination renders,
 * RBAC has no wildcard, every controller pod passes the Pod Security "restricted" level, bad values
 * fail with a clear error. (An *IT because it needs the helm binary, built from Go modules; it
 * needs no cluster.)
 */
class ChartTemplateIT {

  private static final String SECURITY = "capstan-security-policy-controller";
  private static final String NETWORK = "capstan-network-policy-controller";

  static Stream<Arguments> valueCombinations() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "all controllers",
            List.of(
                "controllers.storage.enabled=true",
                "controllers.network.enabled=true",
                "controllers.security.enabled=true")),
        Arguments.of(
            "development mode",
            List.of("devMode.enabled=true", "controllers.security.enabled=true")),
        Arguments.of(
            "security webhooks with cert-manager",
            List.of(
                "controllers.security.enabled=true",
                "webhook.certificates.mode=certManager",
                "webhook.exemptNamespaces={team-infra}")),
        Arguments.of(
            "monitoring and no leader election",
            List.of("metrics.serviceMonitor.enabled=true", "leaderElection.enabled=false")),
        Arguments.of("no metrics service", List.of("metrics.service.enabled=false")),
        Arguments.of(
            "custom image",
            List.of(
                "image.registry=registry.example:5000",
                "image.tag=1.2.3",
                "image.pullPolicy=Always")));
  }

  @Test
  void chartLints() {
    Tools.Result lint =
        Tools.helm(Path.of("/dev/null"), "lint", RenderedChart.CHART.toString(), "--strict");
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCombinations")
  void rbacHasNoWildcards(String name, List<String> sets) {
    RenderedChart chart = RenderedChart.render("capstan-system", sets.toArray(String[]::new));

    List<ClusterRole> roles = chart.all(ClusterRole.class);
    assertThat(roles).isNotEmpty();
    java.util.Map<String, List<PolicyRule>> rules = new java.util.LinkedHashMap<>();
    roles.forEach(r -> rules.put(r.getMetadata().getName(), r.getRules()));
    chart
        .all(Role.class)
        .forEach(r -> rules.put("Role " + r.getMetadata().getName(), r.getRules()));
    rules.forEach(
        (role, list) -> {
          for (PolicyRule rule : list) {
            assertThat(rule.getVerbs()).as(role + " verbs").doesNotContain("*");
            assertThat(rule.getResources()).as(role + " resources").doesNotContain("*");
            assertThat(rule.getApiGroups()).as(role + " apiGroups").doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).as("no non-resource URLs").isNullOrEmpty();
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCombinations")
  void controllerPodsPassTheRestrictedPodSecurityLevel(String name, List<String> sets) {
    RenderedChart chart = RenderedChart.render("capstan-system", sets.toArray(String[]::new));

    for (Deployment deployment : chart.all(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      String what = deployment.getMetadata().getName();
      assertThat(pod.getHostNetwork()).as(what).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).as(what).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostIPC()).as(what).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).as(what).isNull());
      for (Container container : pod.getContainers()) {
        var sc = container.getSecurityContext();
        assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
        assertThat(sc.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).as(what).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as(what).isNullOrEmpty();
        assertThat(sc.getRunAsUser()).as(what).isNotZero();
        assertThat(container.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
        assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
      }
    }
  }

  @Test
  void defaultsDeployTheWorkloadNetworkAndStorageControllers() {
    RenderedChart chart = RenderedChart.render("capstan-system");

    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "capstan-workload-controllers",
            "capstan-network-policy-controller",
            "capstan-storage-csi-controller");
    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .containsExactlyInAnyOrder(
            "capstan/workload-controllers:0.1.0-SNAPSHOT",
            "capstan/network-policy-controller:0.1.0-SNAPSHOT",
            "capstan/storage-csi-controller:0.1.0-SNAPSHOT");
    assertThat(chart.all(Deployment.class))
        .allSatisfy(
            d ->
                assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getName()).isEqualTo("JAVA_OPTS_APPEND");
                          assertThat(e.getValue()).contains("-Xmx");
                        }));
  }

  @Test
  void storageDriverContainersShareTheSocketDirectory() {
    RenderedChart chart =
        RenderedChart.render(
            "capstan-system",
            "controllers.storage.driverContainers[0].name=hostpath",
            "controllers.storage.driverContainers[0].image=registry.example/hostpath:1",
            "controllers.storage.driverContainers[0].volumeMounts[0].name=csi-sockets",
            "controllers.storage.driverContainers[0].volumeMounts[0].mountPath=/csi");
    var pod =
        chart.all(Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals("capstan-storage-csi-controller"))
            .findFirst()
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("controller", "hostpath");
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("csi-sockets");
              assertThat(v.getEmptyDir()).isNotNull();
            });
    for (Container c : pod.getContainers()) {
      assertThat(c.getVolumeMounts())
          .as(c.getName())
          .anySatisfy(
              m -> {
                assertThat(m.getName()).isEqualTo("csi-sockets");
                assertThat(m.getMountPath()).isEqualTo("/csi");
              });
    }
  }

  @Test
  void developmentModeInstallsAccessButNoControllers() {
    RenderedChart chart = RenderedChart.render("capstan-system", "devMode.enabled=true");

    assertThat(chart.all(Deployment.class)).isEmpty();
    assertThat(chart.all(ClusterRole.class)).isNotEmpty();
    assertThat(chart.yaml()).contains("kind: ServiceAccount");
  }

  @Test
  void webhookControllerWithReplicasGetsADisruptionBudget() {
    RenderedChart chart =
        RenderedChart.render(
            "capstan-system",
            "controllers.security.enabled=true",
            "controllers.security.replicas=2");

    assertThat(chart.all(PodDisruptionBudget.class))
        .singleElement()
        .satisfies(pdb -> assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1));
  }

  @Test
  void securityWebhooksCallTheServiceExemptSystemNamespacesAndFailAsConfigured() {
    RenderedChart chart =
        RenderedChart.render("capstan-system", "controllers.security.enabled=true");

    MutatingWebhook mutating =
        chart.all(MutatingWebhookConfiguration.class).get(0).getWebhooks().get(0);
    ValidatingWebhook validating = validating(chart, SECURITY).getWebhooks().get(0);
    assertThat(mutating.getRules().get(0).getOperations()).containsExactly("CREATE");
    assertThat(mutating.getRules().get(0).getResources()).containsExactly("pods");
    assertThat(mutating.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(mutating.getReinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(validating.getRules().get(0).getOperations()).containsExactly("CREATE", "UPDATE");
    assertThat(validating.getRules().get(0).getResources())
        .containsExactly("pods", "pods/ephemeralcontainers");
    assertThat(validating.getFailurePolicy()).isEqualTo("Fail");
    ValidatingWebhook workloads = validating(chart, SECURITY).getWebhooks().get(1);
    assertThat(workloads.getName()).isEqualTo("validate.workloads.security.capstan.dev");
    assertThat(workloads.getFailurePolicy()).as("advisory").isEqualTo("Ignore");
    assertThat(workloads.getRules())
        .flatExtracting(r -> r.getResources())
        .containsExactly(
            "deployments",
            "statefulsets",
            "daemonsets",
            "replicasets",
            "jobs",
            "cronjobs",
            // Capstan's Application, not applications/status: status writes never reach it
            "applications");
    for (var selector :
        List.of(mutating.getNamespaceSelector(), validating.getNamespaceSelector())) {
      assertThat(selector.getMatchExpressions())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                assertThat(e.getOperator()).isEqualTo("NotIn");
                assertThat(e.getValues())
                    .containsExactly("capstan-system", "kube-node-lease", "kube-system");
              });
    }
    assertThat(List.of(mutating.getTimeoutSeconds(), validating.getTimeoutSeconds()))
        .containsOnly(5);
    assertThat(List.of(mutating.getSideEffects(), validating.getSideEffects()))
        .containsOnly("None");
    assertThat(mutating.getClientConfig().getCaBundle())
        .as("injected by the controller, never rendered")
        .isNull();

    // The configurations call the webhook Service, which reaches the container's webhook port.
    Service service =
        chart.all(Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals(SECURITY + "-webhook"))
            .findFirst()
            .orElseThrow();
    assertThat(validating.getClientConfig().getService().getName())
        .isEqualTo(service.getMetadata().getName());
    assertThat(validating.getClientConfig().getService().getPath()).isEqualTo("/validate/pods");
    assertThat(mutating.getClientConfig().getService().getPath()).isEqualTo("/mutate/pods");
    Deployment security = deployment(chart, "capstan-security-policy-controller");
    Container container = security.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName())
                  .isEqualTo(service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
              assertThat(p.getContainerPort()).isEqualTo(8443);
            });
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CAPSTAN_SECURITY_WEBHOOK_CONFIGURATION_NAME");
              assertThat(e.getValue())
                  .isEqualTo(validating(chart, SECURITY).getMetadata().getName());
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CAPSTAN_SECURITY_WEBHOOK_TLS_MODE");
              assertThat(e.getValue()).isEqualTo("self-managed");
            });
  }

  @Test
  void certManagerModeIssuesTheCertificateMountsItAndInjectsTheCa() {
    RenderedChart chart =
        RenderedChart.render(
            "capstan-system",
            "controllers.security.enabled=true",
            "webhook.certificates.mode=certManager");

    List<HasMetadata> certificates =
        chart.kind("Certificate").stream()
            .filter(c -> c.getMetadata().getName().startsWith(SECURITY))
            .toList();
    assertThat(certificates).hasSize(1);
    assertThat(chart.kind("Issuer"))
        .filteredOn(i -> i.getMetadata().getName().startsWith(SECURITY))
        .hasSize(1);
    String certificate = certificates.get(0).getMetadata().getName();
    assertThat(chart.all(MutatingWebhookConfiguration.class).get(0).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "capstan-system/" + certificate);
    assertThat(validating(chart, SECURITY).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "capstan-system/" + certificate);
    assertThat(chart.yaml())
        .contains("- capstan-security-policy-controller-webhook.capstan-system.svc\n")
        .contains("secretName: capstan-security-policy-controller-webhook-tls");
    PodSpec pod =
        deployment(chart, "capstan-security-policy-controller").getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getSecret().getSecretName())
                    .isEqualTo("capstan-security-policy-controller-webhook-tls"));
    assertThat(pod.getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CAPSTAN_SECURITY_WEBHOOK_TLS_MODE");
              assertThat(e.getValue()).isEqualTo("mounted");
            });

    RenderedChart withIssuer =
        RenderedChart.render(
            "capstan-system",
            "controllers.security.enabled=true",
            "webhook.certificates.mode=certManager",
            "webhook.certificates.certManager.issuerRef.name=corp-ca",
            "webhook.certificates.certManager.issuerRef.kind=ClusterIssuer");
    assertThat(withIssuer.kind("Issuer")).isEmpty();
    assertThat(withIssuer.yaml()).contains("name: corp-ca").contains("kind: ClusterIssuer");
  }

  @Test
  void developmentModeWebhooksCallTheUrlAndNoServiceIsRendered() {
    RenderedChart chart =
        RenderedChart.render(
            "capstan-system",
            "devMode.enabled=true",
            "controllers.security.enabled=true",
            "devMode.webhookUrl=https://127.0.0.1:9443");

    assertThat(validating(chart, SECURITY).getWebhooks().get(0).getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:9443/validate/pods");
    assertThat(
            chart
                .all(MutatingWebhookConfiguration.class)
                .get(0)
                .getWebhooks()
                .get(0)
                .getClientConfig()
                .getUrl())
        .isEqualTo("https://127.0.0.1:9443/mutate/pods");
    assertThat(chart.all(Service.class)).isEmpty();
    assertThat(chart.kind("Certificate")).isEmpty();
  }

  @Test
  void securityRbacNamesItsWebhookConfigurationsAndItsSecret() {
    RenderedChart chart =
        RenderedChart.render("capstan-system", "controllers.security.enabled=true");

    ClusterRole role =
        chart.all(ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals("capstan-security-policy-controller"))
            .findFirst()
            .orElseThrow();
    assertThat(role.getRules())
        .filteredOn(r -> r.getApiGroups().contains("admissionregistration.k8s.io"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResourceNames())
                  .containsExactly("capstan-security-policy-controller");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            });
    assertThat(role.getRules()).noneSatisfy(r -> assertThat(r.getResources()).contains("secrets"));
    Role secrets =
        chart.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(SECURITY))
            .findFirst()
            .orElseThrow();
    assertThat(secrets.getMetadata().getNamespace()).isEqualTo("capstan-system");
    assertThat(secrets.getRules())
        .allSatisfy(r -> assertThat(r.getResources()).containsExactly("secrets"))
        .allSatisfy(
            r ->
                assertThat(r.getVerbs().equals(List.of("create")) || r.getResourceNames() != null)
                    .as("only create is not limited to the Secret's name")
                    .isTrue());
    assertThat(chart.all(RoleBinding.class))
        .filteredOn(b -> b.getMetadata().getName().equals(SECURITY))
        .singleElement()
        .satisfies(
            b -> assertThat(b.getRoleRef().getName()).isEqualTo(secrets.getMetadata().getName()));
  }

  private static ValidatingWebhookConfiguration validating(RenderedChart chart, String name) {
    return chart.all(ValidatingWebhookConfiguration.class).stream()
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void networkLintWebhookSeesNetworkPolicyWritesFailsOpenAndCallsTheControllersService() {
    RenderedChart chart = RenderedChart.render("capstan-system");

    ValidatingWebhook lint = validating(chart, NETWORK).getWebhooks().get(0);
    assertThat(lint.getName()).isEqualTo("lint.networkpolicies.network.capstan.dev");
    assertThat(lint.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE");
              assertThat(r.getApiGroups()).containsExactly("networking.k8s.io");
              assertThat(r.getResources()).containsExactly("networkpolicies");
            });
    assertThat(lint.getFailurePolicy()).as("a lint never blocks a write").isEqualTo("Ignore");
    assertThat(lint.getSideEffects()).isEqualTo("None");
    assertThat(lint.getTimeoutSeconds()).isEqualTo(2);
    assertThat(lint.getClientConfig().getCaBundle()).isNull();
    assertThat(lint.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValues())
                    .containsExactly("capstan-system", "kube-node-lease", "kube-system"));
    Service service =
        chart.all(Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals(NETWORK + "-webhook"))
            .findFirst()
            .orElseThrow();
    assertThat(lint.getClientConfig().getService().getName())
        .isEqualTo(service.getMetadata().getName());
    assertThat(lint.getClientConfig().getService().getPath())
        .isEqualTo("/validate/networkpolicies");
    assertThat(service.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/name", "network-policy-controller");
    Container container =
        deployment(chart, NETWORK).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName())
                  .isEqualTo(service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
              assertThat(p.getContainerPort()).isEqualTo(8443);
            });
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CAPSTAN_NETWORK_WEBHOOK_CONFIGURATION_NAME");
              assertThat(e.getValue()).isEqualTo(NETWORK);
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CAPSTAN_NETWORK_WEBHOOK_TLS_SECRET");
              assertThat(e.getValue()).isEqualTo(NETWORK + "-webhook-tls");
            });

    ClusterRole role =
        chart.all(ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals(NETWORK))
            .findFirst()
            .orElseThrow();
    assertThat(role.getRules())
        .filteredOn(r -> r.getApiGroups().contains("admissionregistration.k8s.io"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResourceNames()).containsExactly(NETWORK);
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            });
    Role secrets =
        chart.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(NETWORK))
            .findFirst()
            .orElseThrow();
    assertThat(secrets.getRules())
        .allSatisfy(r -> assertThat(r.getResources()).containsExactly("secrets"))
        .anySatisfy(
            r -> assertThat(r.getResourceNames()).containsExactly(NETWORK + "-webhook-tls"));
  }

  @Test
  void networkLintWebhookCanBeSwitchedOffAndFollowsDevelopmentModeAndCertManager() {
    RenderedChart off =
        RenderedChart.render("capstan-system", "webhook.networkPolicyLint.enabled=false");
    assertThat(off.all(ValidatingWebhookConfiguration.class)).isEmpty();
    assertThat(off.all(Role.class)).isEmpty();
    Container container =
        deployment(off, NETWORK).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getPorts()).noneSatisfy(p -> assertThat(p.getName()).isEqualTo("webhook"));
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CAPSTAN_NETWORK_WEBHOOK_ENABLED");
              assertThat(e.getValue()).isEqualTo("false");
            });

    RenderedChart dev =
        RenderedChart.render(
            "capstan-system",
            "devMode.enabled=true",
            "devMode.networkWebhookUrl=https://127.0.0.1:9444");
    assertThat(validating(dev, NETWORK).getWebhooks().get(0).getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:9444/validate/networkpolicies");

    RenderedChart certManager =
        RenderedChart.render("capstan-system", "webhook.certificates.mode=certManager");
    assertThat(validating(certManager, NETWORK).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "capstan-system/" + NETWORK + "-webhook");
    assertThat(certManager.kind("Certificate"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly(NETWORK + "-webhook");
    PodSpec pod = deployment(certManager, NETWORK).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo(NETWORK + "-webhook-tls"));
  }

  private static Deployment deployment(RenderedChart chart, String name) {
    return chart.all(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void badValuesFailWithAMessageNamingTheField() {
    assertThat(RenderedChart.template("x", "controllers.workloads.replicas=0").output())
        .contains("/controllers/workloads/replicas");
    assertThat(RenderedChart.template("x", "image.pullPolicy=Sometimes").output())
        .contains("/image/pullPolicy");
    assertThat(RenderedChart.template("x", "controllers.wrokloads.enabled=true").output())
        .contains("wrokloads");
    assertThat(RenderedChart.template("x", "metrics.serviceMonitor.interval=often").output())
        .contains("/metrics/serviceMonitor/interval");
    assertThat(RenderedChart.template("x", "webhook.certificates.mode=vault").output())
        .contains("/webhook/certificates/mode");
    assertThat(RenderedChart.template("x", "webhook.timeoutSeconds=60").output())
        .contains("/webhook/timeoutSeconds");
    assertThat(RenderedChart.template("x", "devMode.webhookUrl=http://127.0.0.1:8443").output())
        .contains("/devMode/webhookUrl");
    assertThat(RenderedChart.template("x", "webhook.networkPolicyLint.timeoutSeconds=0").output())
        .contains("/webhook/networkPolicyLint/timeoutSeconds");
  }
}
