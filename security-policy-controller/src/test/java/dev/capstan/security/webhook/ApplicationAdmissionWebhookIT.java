package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Capstan Applications through the real kube-apiserver, which calls the security webhook over TLS
 * (the Application CRD is installed from crds/kubernetes/ with the cluster). The workload
 * controller does not run here: what is judged is the pod template it would render.
 */
@QuarkusTest
@QuarkusTestResource(SecurityClusterResource.class)
@Tag("cluster")
class ApplicationAdmissionWebhookIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String APPLICATION =
      """
      {"apiVersion":"workloads.capstan.dev/v1alpha1","kind":"Application",
       "metadata":{"name":"%s"},
       "spec":{"workload":"%s",%s
        "containers":[{"name":"app","image":"%s"}]}}
      """;

  private static KubernetesClient client;
  private static final List<String> namespaces = new ArrayList<>();
  private static final List<String> policies = new ArrayList<>();

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

  private static String application(String name, String workload, String profile, String image) {
    String extra = profile == null ? "" : "\"securityProfile\":\"" + profile + "\",";
    if (workload.equals("Deployment") || workload.equals("StatefulSet")) {
      extra += "\"replicas\":1,";
    }
    if (workload.equals("CronJob")) {
      extra += "\"cronJob\":{\"schedule\":\"0 * * * *\"},";
    }
    return APPLICATION.formatted(name, workload, extra, image);
  }

  @Test
  void theRenderedPodDecides_restrictedProfilePasses_noneIsDeniedAtTheApplicationsFields() {
    String ns = optedInNamespace("app-deny");
    String policy = policy("restricted-deny", ns, "base: {level: restricted}\nworkloads: deny\n");
    String violating = application("web", "Deployment", "none", "app:1");
    HttpResponse<String> denied = awaitDenied(ns, violating);

    assertThat(denied.body())
        .contains("admission webhook \\\"validate.workloads.security.capstan.dev\\\" denied")
        .contains(
            "Application web (securityProfile none): denied (PodSecurityPolicy \\\""
                + policy
                + "\\\" sets workloads: deny)")
        .contains("spec.containers[0].securityContext.allowPrivilegeEscalation: ")
        .doesNotContain("spec.template");
    assertThat(applications(ns).withName("web").get()).isNull();

    // the default profile (restricted) renders the securityContext the level asks for
    for (String kind : List.of("Deployment", "StatefulSet", "Job", "CronJob")) {
      String name = kind.toLowerCase();
      HttpResponse<String> created = post(ns, application(name, kind, null, "app:1"), false);
      assertThat(created.code()).as(kind + ": " + created.body()).isEqualTo(201);
      assertThat(created.headers("Warning")).as(kind).isEmpty();
    }
  }

  @Test
  void warningsByDefault_dryRunHonoured_statusWritesNeverJudged() {
    String ns = optedInNamespace("app-warn");
    String policy = policy("restricted-warn", ns, "base: {level: restricted}\n");
    String violating = application("web", "Deployment", "none", "app:1");
    // the policy reaches the webhook's cache asynchronously: wait for the warning on a dry run
    HttpResponse<String> dryRun =
        await()
            .atMost(TIMEOUT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> post(ns, violating, true),
                r -> r.code() == 201 && warningMentions(r, "Application web"));
    assertThat(dryRun.headers("Warning"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("pods would be rejected")
                    .contains(policy)
                    .contains("spec.containers[0].securityContext.allowPrivilegeEscalation"));
    assertThat(applications(ns).withName("web").get()).as("dry run stores nothing").isNull();

    HttpResponse<String> created = post(ns, violating, false);
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(warningMentions(created, "Application web")).isTrue();

    // now a deny policy governs too: writes that keep the rendered template, and status writes
    // (a sub-resource the webhook is not registered for), still go through
    policy("restricted-deny", ns, "base: {level: restricted}\nworkloads: deny\n");
    awaitDenied(ns, application("probe", "Deployment", "none", "app:1"));
    Application stored = applications(ns).withName("web").get();
    stored.getSpec().setReplicas(3);
    Application scaled = applications(ns).resource(stored).update();
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
    HttpResponse<String> status =
        send(
            client
                .getHttpClient()
                .newHttpRequestBuilder()
                .uri(url("/namespaces/" + ns + "/applications/web/status"))
                .method(
                    "PATCH",
                    "application/merge-patch+json",
                    "{\"status\":{\"observedGeneration\":1}}"));
    assertThat(status.code()).as(status.body()).isEqualTo(200);
    assertThat(status.headers("Warning")).isEmpty();
    // a new image changes the pods: judged again, and denied
    Application current = applications(ns).withName("web").get();
    current.getSpec().getContainers().get(0).setImage("app:2");
    HttpResponse<String> changed =
        send(
            client
                .getHttpClient()
                .newHttpRequestBuilder()
                .uri(url("/namespaces/" + ns + "/applications/web"))
                .method("PUT", "application/json", JSON.asJson(current)));
    assertThat(changed.code()).as(changed.body()).isEqualTo(403);
    assertThat(changed.body()).contains("Application web (securityProfile none): denied");
  }

  private static boolean warningMentions(HttpResponse<String> response, String text) {
    return response.headers("Warning").stream().anyMatch(w -> w.contains(text));
  }

  /** Waits until the deny policy is in the webhook's cache: a dry-run create is denied. */
  private static HttpResponse<String> awaitDenied(String ns, String application) {
    return await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> post(ns, application, true), r -> r.code() == 403);
  }

  private static io.fabric8.kubernetes.client.dsl.MixedOperation<
          Application,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<Application>,
          io.fabric8.kubernetes.client.dsl.Resource<Application>>
      applicationsClient() {
    return client.resources(Application.class);
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          Application,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<Application>,
          io.fabric8.kubernetes.client.dsl.Resource<Application>>
      applications(String ns) {
    return applicationsClient().inNamespace(ns);
  }

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

  /** An enforce (unless the spec says otherwise) policy governing exactly {@code ns}. */
  private static String policy(String base, String ns, String spec) {
    String name = base + "-" + UUID.randomUUID().toString().substring(0, 5);
    String yaml =
        "apiVersion: security.capstan.dev/v1alpha1\nkind: PodSecurityPolicy\nmetadata: {name: "
            + name
            + "}\nspec:\n  binding:\n    namespaceSelector:\n      matchExpressions:\n"
            + "      - {key: kubernetes.io/metadata.name, operator: In, values: ["
            + ns
            + "]}\n"
            + spec.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    client.resource(JSON.unmarshal(yaml, PodSecurityPolicy.class)).create();
    policies.add(name);
    return name;
  }

  private static String url(String path) {
    return client.getMasterUrl().toString().replaceAll("/$", "")
        + "/apis/"
        + Application.GROUP
        + "/"
        + Application.VERSION
        + path;
  }

  /** POSTs an Application and returns the raw response, whose Warning headers fabric8 only logs. */
  private static HttpResponse<String> post(String ns, String json, boolean dryRun) {
    return send(
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url("/namespaces/" + ns + "/applications" + (dryRun ? "?dryRun=All" : "")))
            .post("application/json", json.getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client
          .getHttpClient()
          .sendAsync(request.build(), String.class)
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
