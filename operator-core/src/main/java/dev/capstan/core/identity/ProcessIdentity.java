package dev.capstan.core.identity;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The identity of this process start: the pod name (env {@code POD_NAME}, else {@code HOSTNAME},
 * else {@code local}) plus a random suffix, e.g. {@code capstan-workloads-7d9f8-x2k4q_3f2a9c1e}.
 * Used as the leader-election holder identity and as the {@code reportingInstance} of Events.
 *
 * <p>Why the suffix: fabric8 7.4's leader elector can end up with two leaders when a restarted
 * process comes back with the identity of its predecessor (the pod name stays the same across
 * container restarts), because the newcomer believes it already holds the lease.
 *
 * @param value at most {@value #MAX_LENGTH} characters, so that it also fits {@code
 *     reportingInstance}
 */
public record ProcessIdentity(String value) {

  public static final int MAX_LENGTH = 128;
  private static final int SUFFIX_BYTES = 4;
  private static final ProcessIdentity CURRENT = of(System.getenv(), ProcessIdentity::randomSuffix);

  /** The identity of this JVM, chosen once when the class is loaded. */
  public static ProcessIdentity current() {
    return CURRENT;
  }

  /** A new identity from the given environment and suffix source; for tests and embedders. */
  public static ProcessIdentity of(Map<String, String> env, Supplier<String> suffix) {
    String host = firstNonBlank(env.get("POD_NAME"), env.get("HOSTNAME"), "local");
    host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    String tail = "_" + suffix.get();
    if (host.length() + tail.length() > MAX_LENGTH) {
      host = host.substring(0, MAX_LENGTH - tail.length());
    }
    return new ProcessIdentity(host + tail);
  }

  /** Eight random hex digits. */
  public static String randomSuffix() {
    byte[] bytes = new byte[SUFFIX_BYTES];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    throw new IllegalArgumentException("no value");
  }

  @Override
  public String toString() {
    return value;
  }
}
