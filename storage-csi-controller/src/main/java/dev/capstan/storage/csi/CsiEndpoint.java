package dev.capstan.storage.csi;

import java.net.URI;

/**
 * Where a CSI driver listens: {@code unix:///path/to/csi.sock} or {@code tcp://host:port}. Parsed
 * once so a malformed endpoint is reported before any connection attempt.
 */
public record CsiEndpoint(String scheme, String path, String host, int port) {

  public static CsiEndpoint parse(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("endpoint is empty");
    }
    if (endpoint.startsWith("unix://")) {
      String path = endpoint.substring("unix://".length());
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(
            "unix endpoint must be an absolute path (unix:///path/csi.sock): " + endpoint);
      }
      return new CsiEndpoint("unix", path, null, 0);
    }
    if (endpoint.startsWith("tcp://")) {
      URI uri = URI.create(endpoint);
      if (uri.getHost() == null || uri.getPort() <= 0) {
        throw new IllegalArgumentException("tcp endpoint must be tcp://host:port: " + endpoint);
      }
      return new CsiEndpoint("tcp", null, uri.getHost(), uri.getPort());
    }
    throw new IllegalArgumentException(
        "endpoint must start with unix:// or tcp://, got: " + endpoint);
  }

  /** The target string grpc-java resolves: its unix name resolver or a plain host:port. */
  public String grpcTarget() {
    return "unix".equals(scheme) ? "unix://" + path : host + ":" + port;
  }

  @Override
  public String toString() {
    return "unix".equals(scheme) ? "unix://" + path : "tcp://" + host + ":" + port;
  }
}
