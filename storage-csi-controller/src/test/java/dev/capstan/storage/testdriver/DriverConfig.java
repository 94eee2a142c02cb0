package dev.capstan.storage.testdriver;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Command-line flags of the test driver ({@code --name=value}). */
record DriverConfig(
    String endpoint,
    Path stateDir,
    String driverName,
    String nodeId,
    Set<String> knownNodes,
    boolean attachRequired,
    String topologyKey,
    long capacityBytes,
    boolean publishReadOnly,
    boolean singleNodeMultiWriter,
    boolean listPublishedNodes) {

  static DriverConfig parse(String[] args) {
    Map<String, String> flags = new TreeMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("flags are --name=value, got: " + arg);
      }
      int eq = arg.indexOf('=');
      flags.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    String nodeId = flags.getOrDefault("node-id", "node-1");
    Set<String> nodes = new LinkedHashSet<>();
    nodes.add(nodeId);
    for (String n : flags.getOrDefault("known-nodes", "").split(",")) {
      if (!n.isBlank()) {
        nodes.add(n.trim());
      }
    }
    String endpoint = flags.get("endpoint");
    String stateDir = flags.get("statedir");
    if (endpoint == null || stateDir == null) {
      throw new IllegalArgumentException("--endpoint and --statedir are required");
    }
    String topologyKey = flags.getOrDefault("topology-key", "");
    return new DriverConfig(
        endpoint,
        Path.of(stateDir),
        flags.getOrDefault("drivername", "test.csi.capstan.dev"),
        nodeId,
        Set.copyOf(nodes),
        Boolean.parseBoolean(flags.getOrDefault("enable-attach", "false")),
        topologyKey.isBlank() ? null : topologyKey,
        Long.parseLong(flags.getOrDefault("capacity", String.valueOf(1L << 40))),
        Boolean.parseBoolean(flags.getOrDefault("publish-readonly", "false")),
        Boolean.parseBoolean(flags.getOrDefault("single-node-multi-writer", "false")),
        Boolean.parseBoolean(flags.getOrDefault("list-published-nodes", "false")));
  }
}
