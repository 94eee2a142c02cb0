package dev.capstan.core.leader;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether and how a controller process takes part in leader election. Pure: {@link #resolve}
 * decides from the environment and explicit settings, so unit tests need no cluster.
 *
 * <p>The rule: an explicit {@code enabled} of {@code true} or {@code false} wins; otherwise ({@code
 * auto}, the default) leader election is on exactly when {@code POD_NAMESPACE} is set, i.e. when
 * the process runs in a pod (the chart sets it from the downward API). So {@code java -jar} in a
 * pod elects, and local runs ({@code ./run-local.sh}, tests) do not unless asked. The lease lives
 * in the explicit namespace or {@code POD_NAMESPACE}; its name is per controller application.
 *
 * @param enabled whether to elect a leader at all
 * @param leaseName the Lease (coordination.k8s.io/v1) the instances of one controller share
 * @param leaseNamespace where the Lease lives; {@code null} when disabled
 * @param leaseDuration how long a lease is valid without renewal (takeover time after a crash)
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leadership
 * @param retryPeriod how often candidates try to acquire, and the leader renews
 */
public record LeaderElectionSettings(
    boolean enabled,
    String leaseName,
    String leaseNamespace,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  public LeaderElectionSettings {
    if (enabled) {
      if (leaseNamespace == null || leaseNamespace.isBlank()) {
        throw new IllegalArgumentException(
            "leader election needs a lease namespace: set "
                + POD_NAMESPACE
                + " or the lease namespace explicitly");
      }
      if (!(leaseDuration.compareTo(renewDeadline) > 0
          && renewDeadline.compareTo(retryPeriod) > 0)) {
        throw new IllegalArgumentException(
            "need leaseDuration > renewDeadline > retryPeriod, got "
                + leaseDuration
                + ", "
                + renewDeadline
                + ", "
                + retryPeriod);
      }
    }
  }

  /**
   * Resolves the settings of controller application {@code controller} (e.g. {@code
   * workload-controllers}).
   *
   * @param enabled {@code true}, {@code false} or {@code auto}; empty means {@code auto}
   * @param namespace the lease namespace; empty means {@code POD_NAMESPACE}
   * @param leaseDuration empty means JOSDK's default (15 s), likewise renewDeadline (10 s) and
   *     retryPeriod (2 s)
   */
  public static LeaderElectionSettings resolve(
      String controller,
      Map<String, String> env,
      Optional<String> enabled,
      Optional<String> namespace,
      Optional<Duration> leaseDuration,
      Optional<Duration> renewDeadline,
      Optional<Duration> retryPeriod) {
    Optional<String> podNamespace =
        Optional.ofNullable(env.get(POD_NAMESPACE)).filter(s -> !s.isBlank());
    String mode = enabled.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("auto");
    boolean on =
        switch (mode) {
          case "true" -> true;
          case "false" -> false;
          case "auto", "" -> podNamespace.isPresent();
          default ->
              throw new IllegalArgumentException(
                  "leader election must be true, false or auto, not " + mode);
        };
    return new LeaderElectionSettings(
        on,
        leaseName(controller),
        namespace.filter(s -> !s.isBlank()).or(() -> podNamespace).orElse(null),
        leaseDuration.orElse(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE),
        renewDeadline.orElse(LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE),
        retryPeriod.orElse(LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE));
  }

  /** One lease per controller application: {@code capstan-<controller>}. */
  public static String leaseName(String controller) {
    String name = "capstan-" + controller.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return name.length() <= 63 ? name : name.substring(0, 63);
  }
}
