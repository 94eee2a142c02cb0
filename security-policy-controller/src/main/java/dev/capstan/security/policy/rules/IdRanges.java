package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.HostPortRange;
import dev.capstan.crds.security.v1alpha1.IdRange;
import java.util.List;
import java.util.stream.Collectors;

/** Range membership and the range lists' message form ({@code 1000-1999, 5000}). */
public final class IdRanges {

  private IdRanges() {}

  public static boolean contains(List<IdRange> ranges, long id) {
    return ranges.stream().anyMatch(r -> r.getMin() <= id && id <= r.getMax());
  }

  public static boolean containsPort(List<HostPortRange> ranges, int port) {
    return ranges.stream().anyMatch(r -> r.getMin() <= port && port <= r.getMax());
  }

  public static String format(List<IdRange> ranges) {
    return ranges.stream()
        .map(r -> r.getMin().equals(r.getMax()) ? "" + r.getMin() : r.getMin() + "-" + r.getMax())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  public static String formatPorts(List<HostPortRange> ranges) {
    return ranges.stream()
        .map(r -> r.getMin().equals(r.getMax()) ? "" + r.getMin() : r.getMin() + "-" + r.getMax())
        .collect(Collectors.joining(",", "[", "]"));
  }
}
