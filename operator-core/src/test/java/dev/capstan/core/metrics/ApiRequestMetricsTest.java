package dev.capstan.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.scope.ReconcileScope;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiRequestMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ApiRequestMetrics interceptor = new ApiRequestMetrics(registry);

  @Test
  void countsRequestsByControllerVerbResourceAndCodeClass() {
    HttpRequest apply;
    try (ReconcileScope scope = ReconcileScope.forController("application")) {
      apply =
          send(
              "PATCH",
              "/apis/apps/v1/namespaces/ns/deployments/web",
              "application/apply-patch+yaml");
    }
    HttpRequest list = send("GET", "/apis/apps/v1/deployments", null);

    interceptor.after(apply, response(apply, 200), null);
    interceptor.after(apply, response(apply, 422), null);
    interceptor.after(list, response(list, 200), null);
    interceptor.afterConnectionFailure(list, new IOException("refused"));

    assertThat(count("application", "apply", "deployments", "2xx")).isEqualTo(1.0);
    assertThat(count("application", "apply", "deployments", "4xx")).isEqualTo(1.0);
    assertThat(count("none", "list", "deployments", "2xx")).isEqualTo(1.0);
    assertThat(count("none", "list", "deployments", "error")).isEqualTo(1.0);
    assertThat(
            registry
                .get(ApiRequestMetrics.API_REQUESTS)
                .tag("verb", "apply")
                .tag("code", "2xx")
                .counter()
                .getId()
                .getTag("group"))
        .isEqualTo("apps");
  }

  @Test
  void theControllerTravelsWithTheRequestNotTheThread() {
    HttpRequest request;
    try (ReconcileScope scope = ReconcileScope.forController("application")) {
      request = send("POST", "/apis/events.k8s.io/v1/namespaces/ns/events", "application/json");
    }
    // The response arrives later on an I/O thread that works for no controller.
    interceptor.after(request, response(request, 201), null);

    assertThat(request.header(ApiRequestMetrics.CONTROLLER_HEADER)).isEqualTo("application");
    assertThat(count("application", "create", "events", "2xx")).isEqualTo(1.0);
  }

  private double count(String controller, String verb, String resource, String code) {
    return registry
        .get(ApiRequestMetrics.API_REQUESTS)
        .tag("controller", controller)
        .tag("verb", verb)
        .tag("resource", resource)
        .tag("code", code)
        .counter()
        .count();
  }

  /** What fabric8's StandardHttpClient does with an interceptor before sending. */
  private HttpRequest send(String method, String path, String contentType) {
    StandardHttpRequest original =
        (StandardHttpRequest)
            new StandardHttpRequest.Builder()
                .uri(URI.create("https://api.example:6443" + path))
                .method(method, contentType, method.equals("GET") ? null : "{}")
                .build();
    StandardHttpRequest.Builder copy = original.newBuilder();
    interceptor.before(copy, original, null);
    return copy.build();
  }

  private static HttpResponse<Object> response(HttpRequest request, int code) {
    return new HttpResponse<>() {
      @Override
      public int code() {
        return code;
      }

      @Override
      public Object body() {
        return null;
      }

      @Override
      public HttpRequest request() {
        return request;
      }

      @Override
      public Optional<HttpResponse<?>> previousResponse() {
        return Optional.empty();
      }

      @Override
      public List<String> headers(String key) {
        return List.of();
      }

      @Override
      public Map<String, List<String>> headers() {
        return Map.of();
      }
    };
  }
}
