package dev.capstan.network.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Expected reachability in the e2e netpol style: a default for every pair, then exceptions applied
 * in order (the last matching one wins). Patterns: "x/a" one pod, "x/*" a namespace, "*&#47;a" pod
 * a of every namespace, "*" everything.
 */
public final class Reachability {

  private record Exception(String from, String to, boolean allowed) {}

  private final boolean defaultAllowed;
  private final List<Exception> exceptions = new ArrayList<>();

  private Reachability(boolean defaultAllowed) {
    this.defaultAllowed = defaultAllowed;
  }

  public static Reachability allowAll() {
    return new Reachability(true);
  }

  public static Reachability denyAll() {
    return new Reachability(false);
  }

  public Reachability allow(String from, String to) {
    exceptions.add(new Exception(from, to, true));
    return this;
  }

  public Reachability deny(String from, String to) {
    exceptions.add(new Exception(from, to, false));
    return this;
  }

  public boolean expected(String from, String to) {
    boolean allowed = defaultAllowed;
    for (Exception e : exceptions) {
      if (matches(e.from, from) && matches(e.to, to)) {
        allowed = e.allowed;
      }
    }
    return allowed;
  }

  static boolean matches(String pattern, String podKey) {
    if (pattern.equals("*")) {
      return true;
    }
    String[] p = pattern.split("/", 2);
    String[] k = podKey.split("/", 2);
    return (p[0].equals("*") || p[0].equals(k[0])) && (p[1].equals("*") || p[1].equals(k[1]));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(defaultAllowed ? "allow all" : "deny all");
    exceptions.forEach(
        e ->
            sb.append(", ")
                .append(e.allowed ? "allow " : "deny ")
                .append(e.from)
                .append(" -> ")
                .append(e.to));
    return sb.toString();
  }
}
