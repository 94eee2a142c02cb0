package dev.capstan.security.policy.standards;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Pod Security Standards version: {@code v1.<minor>} or {@code latest}. A version newer than the
 * newest this build knows behaves as latest (KEP-2579).
 */
public record PssVersion(int minor) implements Comparable<PssVersion> {

  /** The newest version whose checks this build knows. */
  public static final int NEWEST_KNOWN_MINOR = 37;

  public static final PssVersion LATEST = new PssVersion(Integer.MAX_VALUE);

  private static final Pattern FORMAT = Pattern.compile("^v1\\.(0|[1-9][0-9]{0,2})$");

  public static PssVersion parse(String text) {
    if (text == null || text.isEmpty() || "latest".equals(text)) {
      return LATEST;
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Pod Security Standards version must be latest or v1.<minor>, got " + text);
    }
    int minor = Integer.parseInt(m.group(1));
    return minor > NEWEST_KNOWN_MINOR ? LATEST : new PssVersion(minor);
  }

  public static PssVersion v1(int minor) {
    return new PssVersion(minor);
  }

  public boolean atLeast(int minor) {
    return this.minor >= minor;
  }

  public boolean isLatest() {
    return minor == Integer.MAX_VALUE;
  }

  @Override
  public int compareTo(PssVersion o) {
    return Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return isLatest() ? "latest" : "v1." + minor;
  }
}
