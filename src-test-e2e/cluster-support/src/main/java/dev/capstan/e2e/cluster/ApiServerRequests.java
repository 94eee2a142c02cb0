package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the requests the real kube-apiserver has served, from its {@code apiserver_request_total}
 * metric. Tests use it to prove what a controller did not do, e.g. that a no-op reconcile writes
 * nothing.
 */
public final class ApiServerRequests {

  /** Verbs that change state, as the apiserver labels them (server-side apply is APPLY). */
  public static final Set<String> WRITE_VERBS =
      Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  private static final Pattern SAMPLE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)} ([0-9.e+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiServerRequests() {}

  /**
   * Writes served so far to {@code resource} (plural, any group) with the given subresource ("" =
   * the object).
   */
  public static long writes(KubernetesClient client, String resource, String subresource) {
    return count(client, resource, subresource, true);
  }

  /**
   * All requests (reads, watches and writes) served so far to {@code resource}/{@code subresource}.
   */
  public static long all(KubernetesClient client, String resource, String subresource) {
    return count(client, resource, subresource, false);
  }

  private static long count(
      KubernetesClient client, String resource, String subresource, boolean writesOnly) {
    long total = 0;
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        continue;
      }
      Map<String, String> labels = labels(sample.group(1));
      if (resource.equals(labels.get("resource"))
          && subresource.equals(labels.getOrDefault("subresource", ""))
          && (!writesOnly || WRITE_VERBS.contains(labels.get("verb")))
          && labels.getOrDefault("dry_run", "").isEmpty()) {
        total += (long) Double.parseDouble(sample.group(2));
      }
    }
    return total;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    Matcher m = LABEL.matcher(text);
    while (m.find()) {
      labels.put(m.group(1), m.group(2));
    }
    return labels;
  }
}
