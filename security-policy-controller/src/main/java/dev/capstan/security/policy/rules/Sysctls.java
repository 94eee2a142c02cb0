package dev.capstan.security.policy.rules;

import java.util.List;

/** sysctl patterns: an exact name, a prefix ending in {@code *}, or {@code *}. */
public final class Sysctls {

  private Sysctls() {}

  public static boolean matches(String pattern, String name) {
    if ("*".equals(pattern)) {
      return true;
    }
    if (pattern.endsWith("*")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(name);
  }

  public static boolean matchesAny(List<String> patterns, String name) {
    return patterns != null && patterns.stream().anyMatch(p -> matches(p, name));
  }
}
