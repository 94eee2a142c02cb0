package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The security controller, started by Quarkus in this JVM, serves its webhooks over TLS at
 * https://127.0.0.1:port with self-managed certificates, and the real kube-apiserver calls them for
 * pods in namespaces carrying the IT's opt-in label. Every policy here selects only the namespaces
 * of one test by name, so the tests do not see each other's policies.
 */
@QuarkusTest
@QuarkusTestResource(SecurityClusterResource.class)
@Tag("cluster")
class PodAdmissionWebhookIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String NO_PRIVILEGED =
      """
      privileged: false
      allowedCapabilities: ['*']
      volumes: ['*']
      hostNetwork: true
      hostPID: true
      hostIPC: true
      hostPorts: [{min: 0, max: 65535}]
      runAsUser: {rule: RunAsAny}
      seLinux: {rule: RunAsAny}
      supplementalGroups: {rule: RunAsAny}
      fsGroup: {rule: RunAsAny}
      seccomp: {allowedProfiles: ['*']}
      """;

  private static KubernetesClient client;
  private static final List<String> namespaces = new ArrayList<>();
  private static final List<String> policies = new ArrayList<>();

  @Inject WebhookRuntime runtime;

  @BeforeAll
  static void connect() {
    client = SharedCluster.get().newClient();
  }

  @AfterAll
  static void cleanUp() {
    policies.forEach(p -> client.resources(PodSecurityPolicy.class).withName(p).delete());
    namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
    client.close();
  }

  @Test
  void enforcePolicyRejectsAViolatingPodNamingThePolicyAndEveryRule() {
    String ns = optedInNamespace("enforce");
    String policy = policy("no-privileged", "enforce", List.of(ns), "", NO_PRIVILEGED);
    awaitGoverned(ns, policy);

    assertThatThrownBy(() -> create(ns, privilegedPod("root")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("admission webhook \"mutate.pods.security.capstan.dev\" denied")
                  .contains("violates PodSecurityPolicy \"" + policy + "\"")
                  .containsPattern(
                      "spec\\.containers\\[0\\]\\.securityContext\\.privileged: [^(]+\\(.+\\)");
            });
    assertThat(client.pods().inNamespace(ns).withName("root").get()).isNull();
  }

  @Test
  void createdPodIsDefaultedAndAnnotatedWithTheChosenPolicy() {
    String ns = optedInNamespace("defaults");
    String policy =
        policy(
            "run-as-1000",
            "enforce",
            List.of(ns),
            "",
            NO_PRIVILEGED.replace(
                    "runAsUser: {rule: RunAsAny}",
                    "runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}")
                + "allowPrivilegeEscalation: false\n");
    awaitGoverned(ns, policy);

    HttpResponse<String> response = post(ns, plainPod("defaulted"));

    assertThat(response.code()).as(response.body()).isEqualTo(201);
    assertThat(response.headers("Warning"))
        .anySatisfy(
            w ->
                assertThat(w)
                    // the apiserver quotes the warning text in the header, escaping our quotes
                    .contains("PodSecurityPolicy \\\"" + policy + "\\\" set defaults")
                    .contains("runAsUser"));
    Pod stored = client.pods().inNamespace(ns).withName("defaulted").get();
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, policy);
    var sc = stored.getSpec().getContainers().get(0).getSecurityContext();
    assertThat(sc.getRunAsUser()).isEqualTo(1000L);
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
  }

  @Test
  void workloadsWhosePodsWouldBeRejectedAreAdmittedWithAWarning() {
    String ns = optedInNamespace("workloads");
    String policy = policy("no-privileged-workloads", "enforce", List.of(ns), "", NO_PRIVILEGED);
    awaitGoverned(ns, policy);
    String deployment =
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
            {"name":"app","image":"app:1","securityContext":{"privileged":true}}]}}}}
        """;

    HttpResponse<String> response =
        post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment);

    assertThat(response.code()).as(response.body()).isEqualTo(201);
    assertThat(response.headers("Warning"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("Deployment web: pods would be rejected")
                    .contains(policy)
                    .contains("securityContext.privileged"));
  }

  @Test
  void workloadsAreDeniedWhenAPolicyAsksForIt() {
    String ns = optedInNamespace("workload-deny");
    String policy =
        policy("deny-workloads", "enforce", List.of(ns), "", NO_PRIVILEGED + "workloads: deny\n");
    awaitGoverned(ns, policy);
    String deployment =
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
            {"name":"app","image":"app:1"},
            {"name":"root","image":"app:1","securityContext":{"privileged":true}}]}}}}
        """;

    HttpResponse<String> response =
        post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment);

    assertThat(response.code()).as(response.body()).isEqualTo(403);
    assertThat(response.body())
        .contains("admission webhook \\\"validate.workloads.security.capstan.dev\\\" denied")
        .contains(
            "Deployment web: denied (PodSecurityPolicy \\\""
                + policy
                + "\\\" sets workloads: deny)")
        .contains("spec.template.spec.containers[1].securityContext.privileged: ");
    assertThat(client.apps().deployments().inNamespace(ns).withName("web").get()).isNull();

    // the same Deployment without the privileged container is admitted
    HttpResponse<String> fixed =
        post(
            "/apis/apps/v1/namespaces/" + ns + "/deployments",
            deployment.replace("\"securityContext\":{\"privileged\":true}", "\"stdin\":false"));
    assertThat(fixed.code()).as(fixed.body()).isEqualTo(201);
  }

  @Test
  void workloadsDenyIsRefusedOnPoliciesThatDoNotEnforce() {
    String yaml =
        """
        apiVersion: security.capstan.dev/v1alpha1
        kind: PodSecurityPolicy
        metadata: {name: warn-deny-%s}
        spec: {mode: warn, workloads: deny, base: {level: baseline}}
        """
            .formatted(UUID.randomUUID().toString().substring(0, 5));

    assertThatThrownBy(
            () -> client.resource(YAML.unmarshal(yaml, PodSecurityPolicy.class)).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("workloads: deny needs mode: enforce");
            });
  }

  @Test
  void warnPolicyAdmitsWithWarnings() {
    String ns = optedInNamespace("warn");
    String policy = policy("warn-privileged", "warn", List.of(ns), "", NO_PRIVILEGED);
    // A warn policy never changes a pod, so wait on its warning instead of an annotation.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              String name = "warned-" + UUID.randomUUID().toString().substring(0, 5);
              HttpResponse<String> response = post(ns, privilegedPod(name));
              assertThat(response.code()).as(response.body()).isEqualTo(201);
              assertThat(response.headers("Warning"))
                  .anySatisfy(
                      w ->
                          assertThat(w)
                              .contains("would violate PodSecurityPolicy \\\"" + policy + "\\\""));
            });
  }

  @Test
  void auditPolicyAdmits() {
    String ns = optedInNamespace("audit");
    String enforce =
        policy("allow-all", "enforce", List.of(ns), "", NO_PRIVILEGED.replace("false", "true"));
    String audit = policy("audit-privileged", "audit", List.of(ns), "", NO_PRIVILEGED);
    awaitGoverned(ns, enforce);

    Pod created = create(ns, privilegedPod("audited"));

    assertThat(created.getMetadata().getAnnotations())
        .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, enforce)
        .doesNotContainValue(audit);
  }

  @Test
  void rbacUseBindingOfThePodsServiceAccountTakesEffect() {
    String ns = optedInNamespace("rbac");
    String policy =
        policy("rbac-bound", "enforce", List.of(ns), "  rbacUse: true\n", NO_PRIVILEGED);
    client
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("builder").endMetadata().build())
        .create();
    client
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("deployer")
                .endMetadata()
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("deployer-edit")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "edit")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("deployer")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    Pod pod = plainPod("bound");
    pod.getSpec().setServiceAccountName("builder");

    try (KubernetesClient deployer = impersonating(ns, "deployer")) {
      // Neither the pod's service account nor the requesting one may use the policy.
      await()
          .atMost(TIMEOUT)
          .ignoreExceptionsInstanceOf(AssertionError.class)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> create(deployer, ns, pod))
                      .isInstanceOf(KubernetesClientException.class)
                      .hasMessageContaining(
                          "no PodSecurityPolicy governing namespace \""
                              + ns
                              + "\" may be used by this requester (1 policy not usable)"));

      client
          .rbac()
          .roles()
          .inNamespace(ns)
          .resource(
              new RoleBuilder()
                  .withNewMetadata()
                  .withName("use-" + policy)
                  .endMetadata()
                  .withRules(
                      new PolicyRuleBuilder()
                          .withApiGroups(PodSecurityPolicy.GROUP)
                          .withResources(PodSecurityPolicy.PLURAL)
                          .withResourceNames(policy)
                          .withVerbs("use")
                          .build())
                  .build())
          .create();
      client
          .rbac()
          .roleBindings()
          .inNamespace(ns)
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName("builder-use")
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "Role", "use-" + policy)
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName("builder")
                  .withNamespace(ns)
                  .endSubject()
                  .build())
          .create();

      // A refusal is cached for 10 s; the grant takes effect after that.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .untilAsserted(
              () ->
                  assertThat(create(deployer, ns, pod).getMetadata().getAnnotations())
                      .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, policy));
    }
  }

  @Test
  void ephemeralContainersAreChecked() {
    String ns = optedInNamespace("ephemeral");
    String policy = policy("no-privileged-debug", "enforce", List.of(ns), "", NO_PRIVILEGED);
    awaitGoverned(ns, policy);
    create(ns, plainPod("target"));

    assertThatThrownBy(
            () ->
                addEphemeralContainer(
                    ns,
                    "target",
                    new EphemeralContainerBuilder()
                        .withName("debug")
                        .withImage("busybox:1")
                        .withNewSecurityContext()
                        .withPrivileged(true)
                        .endSecurityContext()
                        .build()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("admission webhook \"validate.pods.security.capstan.dev\" denied")
                    .contains("violates PodSecurityPolicy \"" + policy + "\"")
                    .contains("spec.ephemeralContainers[0].securityContext.privileged"));

    Pod debugged =
        addEphemeralContainer(
            ns,
            "target",
            new EphemeralContainerBuilder().withName("debug").withImage("busybox:1").build());
    assertThat(debugged.getSpec().getEphemeralContainers()).hasSize(1);
  }

  /**
   * Adds an ephemeral container the way {@code kubectl debug} does. The edit carries the pod's
   * resourceVersion and kwok writes pod status concurrently, so an optimistic-lock conflict (409)
   * is retried; every other failure, the webhook's denial included, is thrown at once.
   */
  private Pod addEphemeralContainer(String ns, String pod, EphemeralContainer container) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .pods()
            .inNamespace(ns)
            .withName(pod)
            .ephemeralContainers()
            .edit(
                p -> {
                  p.getSpec().setEphemeralContainers(List.of(container));
                  return p;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  @Test
  void theOperatorsOwnNamespaceIsExempt() {
    String ns = optedInNamespace("exempt");
    String policy =
        policy(
            "everywhere",
            "enforce",
            List.of(ns, SecurityClusterResource.OPERATOR_NAMESPACE),
            "",
            NO_PRIVILEGED);
    awaitGoverned(ns, policy);
    assertThatThrownBy(() -> create(ns, privilegedPod("refused")))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(policy);

    String name = "operator-" + UUID.randomUUID().toString().substring(0, 5);
    Pod created = create(SecurityClusterResource.OPERATOR_NAMESPACE, privilegedPod(name));
    try {
      assertThat(created.getMetadata().getAnnotations())
          .as("the webhooks never saw it")
          .doesNotContainKey(PodSecurityPolicy.POLICY_ANNOTATION);
    } finally {
      client.pods().inNamespace(SecurityClusterResource.OPERATOR_NAMESPACE).withName(name).delete();
    }
  }

  @Test
  void malformedRequestsGetA400AndTheServerKeepsServing() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).build();
    URI validate =
        URI.create("https://127.0.0.1:" + runtime.port() + SecurityWebhooks.VALIDATE_PATH);
    for (String body :
        List.of(
            "",
            "{not json",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"object\":{\"spec\":{\"containers\":\"oops\"}}}}")) {
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(validate)
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                  .header("Content-Type", "application/json")
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      // An object that does not decode as a Pod is a well-formed review: a 200 with a denial.
      if (body.contains("oops")) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"allowed\":false").contains("\"code\":400");
      } else {
        assertThat(response.statusCode()).as(body).isEqualTo(400);
      }
    }
    // Still serving the apiserver.
    String ns = optedInNamespace("after-garbage");
    String policy = policy("still-serving", "enforce", List.of(ns), "", NO_PRIVILEGED);
    awaitGoverned(ns, policy);
  }

  // --- helpers

  private static String optedInNamespace(String base) {
    String ns = TestNamespaces.uniqueName("psp-" + base);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels(SecurityClusterResource.OPT_IN_LABEL, "true")
                .addToLabels("capstan.dev/test", "true")
                .endMetadata()
                .build())
        .create();
    namespaces.add(ns);
    return ns;
  }

  /** A policy governing exactly {@code scope} (by namespace name). */
  private static String policy(
      String base, String mode, List<String> scope, String extraBinding, String spec) {
    String name = base + "-" + UUID.randomUUID().toString().substring(0, 5);
    String yaml =
        "apiVersion: security.capstan.dev/v1alpha1\nkind: PodSecurityPolicy\nmetadata: {name: "
            + name
            + "}\nspec:\n  mode: "
            + mode
            + "\n  binding:\n    namespaceSelector:\n      matchExpressions:\n"
            + "      - {key: kubernetes.io/metadata.name, operator: In, values: ["
            + String.join(", ", scope)
            + "]}\n"
            + extraBinding.replaceAll("(?m)^", "  ")
            + spec.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    client.resource(YAML.unmarshal(yaml, PodSecurityPolicy.class)).create();
    policies.add(name);
    return name;
  }

  /** Waits until the webhooks are called and know the policy: a probe pod gets its annotation. */
  private static void awaitGoverned(String ns, String policy) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .untilAsserted(
            () -> {
              String name = "probe-" + UUID.randomUUID().toString().substring(0, 5);
              Pod probe = client.pods().inNamespace(ns).resource(plainPod(name)).dryRun().create();
              assertThat(probe.getMetadata().getAnnotations())
                  .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, policy);
            });
  }

  private static Pod create(String ns, Pod pod) {
    return create(client, ns, pod);
  }

  private static Pod create(KubernetesClient as, String ns, Pod pod) {
    return as.pods().inNamespace(ns).resource(pod).create();
  }

  /** POSTs a pod and returns the raw response, whose Warning headers fabric8 would only log. */
  private static HttpResponse<String> post(String ns, Pod pod) {
    return post("/api/v1/namespaces/" + ns + "/pods", YAML.asJson(pod));
  }

  private static HttpResponse<String> post(String path, String json) {
    try {
      HttpRequest request =
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(client.getMasterUrl().toString().replaceAll("/$", "") + path)
              .post("application/json", json.getBytes(StandardCharsets.UTF_8))
              .build();
      return client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Pod plainPod(String name) {
    return YAML.unmarshal(
        "metadata: {name: " + name + "}\nspec:\n  containers: [{name: app, image: app:1}]\n",
        Pod.class);
  }

  static Pod privilegedPod(String name) {
    return YAML.unmarshal(
        "metadata: {name: "
            + name
            + "}\nspec:\n  containers: [{name: app, image: app:1, securityContext: {privileged: true}}]\n",
        Pod.class);
  }

  private static KubernetesClient impersonating(String ns, String serviceAccount) {
    Config admin = client.getConfiguration();
    Config config =
        new ConfigBuilder(admin)
            .withImpersonateUsername("system:serviceaccount:" + ns + ":" + serviceAccount)
            .withImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated")
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static SSLContext trustAll() throws Exception {
    // Only for sending garbage to the local webhook; the apiserver itself verifies with caBundle.
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return context;
  }
}
