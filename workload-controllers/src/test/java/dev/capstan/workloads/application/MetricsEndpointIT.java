package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scrapes the running operator's Prometheus endpoint after it reconciled an Application: JOSDK's
 * counters, operator-core's reconcile histogram and the API request counters are there, per
 * controller, with values that match what happened.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class MetricsEndpointIT {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ([0-9.eE+-]+|NaN|\\+Inf)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static KubernetesClient client;
  private static String namespace;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("metrics-endpoint-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void reconcileHistogramAndApiRequestsArePublished() throws Exception {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: measured, namespace: %s}
            spec:
              replicas: 1
              containers: [{name: app, image: registry.example/measured:1.0}]
            """
                .formatted(namespace))
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Application app =
                  client
                      .resources(Application.class)
                      .inNamespace(namespace)
                      .withName("measured")
                      .get();
              return app.getStatus() != null
                  && Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY);
            });

    List<Sample> samples = scrape();

    // JOSDK's own counters, wired by QOSDK (kept by our Metrics bean).
    assertThat(sum(samples, "operator_sdk_reconciliations_success_total", l -> true))
        .isGreaterThanOrEqualTo(2.0);
    // The histogram: one series per controller/execution/result, 13 buckets plus +Inf.
    Predicate<Map<String, String>> success =
        l ->
            "application".equals(l.get("controller"))
                && "reconcile".equals(l.get("execution"))
                && "success".equals(l.get("result"));
    double count = sum(samples, "capstan_reconcile_duration_seconds_count", success);
    assertThat(count).isGreaterThanOrEqualTo(2.0);
    assertThat(sum(samples, "capstan_reconcile_duration_seconds_sum", success))
        .isGreaterThan(0.0)
        .isLessThan(count * 60);
    assertThat(
            samples.stream()
                .filter(s -> s.name().equals("capstan_reconcile_duration_seconds_bucket"))
                .filter(s -> success.test(s.labels())))
        .hasSize(14)
        .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"))
        .allSatisfy(s -> assertThat(s.value()).isLessThanOrEqualTo(count));
    assertThat(
            samples.stream()
                .filter(s -> s.name().startsWith("capstan_reconcile_duration"))
                .map(s -> s.labels().keySet()))
        .as("no per-resource labels on the histogram")
        .allSatisfy(keys -> assertThat(keys).doesNotContain("name", "namespace"));

    // API requests, attributed to the controller whose reconcile (or dependent) made them.
    assertThat(
            sum(
                samples,
                "capstan_api_requests_total",
                labels("application", "apply", "apps", "deployments", "", "2xx")))
        .as("server-side apply of the Deployment, from the workflow thread")
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            sum(
                samples,
                "capstan_api_requests_total",
                labels(
                    "application",
                    "apply",
                    "workloads.capstan.dev",
                    "applications",
                    "status",
                    "2xx")))
        .as("status patches")
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            sum(
                samples,
                "capstan_api_requests_total",
                labels("application", "create", "events.k8s.io", "events", "", "2xx")))
        .as("the Ready Event")
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            sum(
                samples,
                "capstan_api_requests_total",
                l -> "none".equals(l.get("controller")) && "watch".equals(l.get("verb"))))
        .as("informers' watches belong to no controller")
        .isGreaterThanOrEqualTo(2.0);
  }

  private static Predicate<Map<String, String>> labels(
      String controller,
      String verb,
      String group,
      String resource,
      String subresource,
      String code) {
    return l ->
        controller.equals(l.get("controller"))
            && verb.equals(l.get("verb"))
            && group.equals(l.get("group"))
            && resource.equals(l.get("resource"))
            && subresource.equals(l.get("subresource"))
            && code.equals(l.get("code"));
  }

  private List<Sample> scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(metrics.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        Map<String, String> labels = new HashMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      }
    }
    assertThat(samples).isNotEmpty();
    return samples;
  }

  private static double sum(
      List<Sample> samples, String name, Predicate<Map<String, String>> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && labels.test(s.labels()))
        .mapToDouble(Sample::value)
        .sum();
  }

  private record Sample(String name, Map<String, String> labels, double value) {}
}
