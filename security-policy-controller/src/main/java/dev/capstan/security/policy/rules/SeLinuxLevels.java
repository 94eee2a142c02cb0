package dev.capstan.security.policy.rules;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** SELinux MCS levels compare by sensitivity and the set of categories: s0:c1,c2 = s0:c2,c1. */
public final class SeLinuxLevels {

  private SeLinuxLevels() {}

  public static boolean equal(String expected, String actual) {
    String e = expected == null ? "" : expected;
    String a = actual == null ? "" : actual;
    if (e.equals(a)) {
      return true;
    }
    String[] ep = e.split(":", 2);
    String[] ap = a.split(":", 2);
    if (ep.length != ap.length || !ep[0].equals(ap[0])) {
      return false;
    }
    return ep.length == 1 || Objects.equals(categories(ep[1]), categories(ap[1]));
  }

  private static Set<String> categories(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toSet());
  }
}
