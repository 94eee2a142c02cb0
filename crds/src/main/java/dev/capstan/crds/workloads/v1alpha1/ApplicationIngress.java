package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An Ingress named after the application that routes HTTP(S) for a host to its Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationIngress {

  @JsonPropertyDescription("IngressClass; unset uses the cluster's default class.")
  @Size(max = 253)
  private String className;

  @JsonPropertyDescription("Host name the Ingress answers for, e.g. shop.example.com.")
  @Required
  @Size(max = 253)
  @Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String host;

  @JsonPropertyDescription("Paths routed to the Service; defaults to / on the first Service port.")
  @Size(max = 16)
  private List<Path> paths;

  @JsonPropertyDescription(
      "Name of a kubernetes.io/tls Secret (not managed by Capstan) that terminates TLS for host.")
  @Size(max = 253)
  private String tlsSecretName;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Path {
    @JsonPropertyDescription("URL path, e.g. /api.")
    @Required
    @Size(max = 512)
    @Pattern("^/.*")
    private String path;

    @JsonPropertyDescription("Prefix (default) or Exact.")
    @Default("Prefix")
    private PathType pathType = PathType.Prefix;

    @JsonPropertyDescription("Name of a port of spec.service; defaults to its first port.")
    @Size(max = 15)
    private String port;

    public enum PathType {
      Prefix,
      Exact
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public PathType getPathType() {
      return pathType;
    }

    public void setPathType(PathType pathType) {
      this.pathType = pathType;
    }

    public String getPort() {
      return port;
    }

    public void setPort(String port) {
      this.port = port;
    }
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public List<Path> getPaths() {
    return paths;
  }

  public void setPaths(List<Path> paths) {
    this.paths = paths;
  }

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
  }
}
