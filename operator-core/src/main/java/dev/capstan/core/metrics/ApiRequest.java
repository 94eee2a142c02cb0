package dev.capstan.core.metrics;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an HTTP request to the Kubernetes API server is in Kubernetes terms: the verb (get, list,
 * watch, create, update, patch, apply, delete, deletecollection), API group, resource and
 * subresource. Parsed from method, path, query and content type the way the API server's request
 * info resolver does, so the labels match {@code apiserver_request_total}. Pure: no I/O.
 *
 * @param verb the Kubernetes verb, or the lower-case HTTP method for non-resource paths
 * @param group the API group, {@code ""} for the core group and for non-resource paths
 * @param resource the resource (plural), {@code ""} for non-resource paths such as {@code /version}
 * @param subresource e.g. {@code status}, or {@code ""}
 */
public record ApiRequest(String verb, String group, String resource, String subresource) {

  /** The content type of server-side apply patches. */
  public static final String APPLY_PATCH_CONTENT_TYPE = "application/apply-patch+yaml";

  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public static ApiRequest parse(String method, URI uri, String contentType) {
    String httpMethod = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    List<String> parts = segments(uri.getRawPath());
    boolean watch = isWatchQuery(uri.getRawQuery());

    String group;
    int next;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      next = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      next = 3;
    } else {
      return new ApiRequest(httpMethod.toLowerCase(Locale.ROOT), "", "", "");
    }
    List<String> rest = parts.subList(next, parts.size());
    if (!rest.isEmpty() && rest.get(0).equals("watch")) {
      watch = true;
      rest = rest.subList(1, rest.size());
    }
    if (rest.isEmpty()) {
      return new ApiRequest(httpMethod.toLowerCase(Locale.ROOT), "", "", "");
    }
    // namespaces/{ns}/{resource}/... is a namespaced request; namespaces[/{name}[/status|finalize]]
    // is the namespaces resource itself.
    if (rest.get(0).equals("namespaces")
        && rest.size() >= 3
        && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    boolean named = rest.size() >= 2;
    String subresource = rest.size() >= 3 ? rest.get(2) : "";
    return new ApiRequest(
        verb(httpMethod, named, watch, contentType), group, resource, subresource);
  }

  private static String verb(String method, boolean named, boolean watch, String contentType) {
    return switch (method) {
      case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" ->
          contentType != null && contentType.startsWith(APPLY_PATCH_CONTENT_TYPE)
              ? "apply"
              : "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(Locale.ROOT);
    };
  }

  private static List<String> segments(String path) {
    List<String> parts = new ArrayList<>();
    if (path == null) {
      return parts;
    }
    Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).forEach(parts::add);
    return parts;
  }

  private static boolean isWatchQuery(String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.equals("watch=true") || pair.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }

  /** {@code 2xx} … {@code 5xx} for an HTTP status code. */
  public static String codeClass(int code) {
    if (code < 100 || code > 599) {
      return "unknown";
    }
    return (code / 100) + "xx";
  }
}
