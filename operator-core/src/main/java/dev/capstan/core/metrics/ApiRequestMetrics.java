package dev.capstan.core.metrics;

import dev.capstan.core.scope.ReconcileScope;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A fabric8 HTTP {@link Interceptor} that counts the client's requests to the API server as {@value
 * #API_REQUESTS} (Prometheus {@code capstan_api_requests_total}) by controller, verb, API group,
 * resource, subresource and status code class.
 *
 * <p>Why it exists: neither JOSDK's {@code MicrometerMetrics} nor fabric8 count API requests;
 * controller-runtime's {@code rest_client_requests_total} has no Java counterpart. Register it on
 * the client with {@code KubernetesClientBuilder.withHttpClientBuilderConsumer(b ->
 * b.addOrReplaceInterceptor(ApiRequestMetrics.NAME, interceptor))}.
 *
 * <p>The controller is the one the calling thread works for ({@link
 * ReconcileScope#currentController()}), {@code none} for informers, leader election and anything
 * else outside a reconcile. {@link #before} runs on the calling thread, the response arrives on an
 * I/O thread, so the controller travels with the request in the {@value #CONTROLLER_HEADER} header,
 * which the API server ignores.
 */
public class ApiRequestMetrics implements Interceptor {

  public static final String NAME = "capstan-api-request-metrics";
  public static final String API_REQUESTS = "capstan.api.requests";
  public static final String CONTROLLER_HEADER = "X-Capstan-Controller";
  public static final String NO_CONTROLLER = "none";

  private final MeterRegistry registry;

  public ApiRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (request.header(CONTROLLER_HEADER) == null) {
      builder.setHeader(
          CONTROLLER_HEADER, ReconcileScope.currentController().orElse(NO_CONTROLLER));
    }
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    count(request, ApiRequest.codeClass(response.code()));
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    count(request, "error");
  }

  private void count(HttpRequest request, String code) {
    String controller = request.header(CONTROLLER_HEADER);
    ApiRequest api = ApiRequest.parse(request.method(), request.uri(), contentType(request));
    counter(controller == null ? NO_CONTROLLER : controller, api, code).increment();
  }

  Counter counter(String controller, ApiRequest api, String code) {
    return Counter.builder(API_REQUESTS)
        .description("Requests to the Kubernetes API server by controller, verb and resource")
        .tag("controller", controller)
        .tag("verb", api.verb())
        .tag("group", api.group())
        .tag("resource", api.resource())
        .tag("subresource", api.subresource())
        .tag("code", code)
        .register(registry);
  }

  private static String contentType(HttpRequest request) {
    String header = request.header("Content-Type");
    if (header != null) {
      return header;
    }
    return request instanceof StandardHttpRequest standard ? standard.getContentType() : null;
  }
}
