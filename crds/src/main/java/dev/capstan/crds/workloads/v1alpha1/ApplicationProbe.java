package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * A readiness, liveness or startup probe with exactly one handler. Ports may be a container port's
 * name; timing fields left unset take Kubernetes' defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.httpGet) ? 1 : 0) + (has(self.tcpSocket) ? 1 : 0) + (has(self.exec) ? 1 : 0) == 1",
    message = "probe: set exactly one handler: httpGet, tcpSocket or exec")
public class ApplicationProbe {

  @JsonPropertyDescription("HTTP GET against the container; healthy on 2xx/3xx.")
  private HttpGet httpGet;

  @JsonPropertyDescription("TCP connect to the container.")
  private TcpSocket tcpSocket;

  @JsonPropertyDescription("A command run in the container; healthy on exit code 0.")
  private Exec exec;

  @JsonPropertyDescription("Seconds after the container starts before the first probe.")
  @Min(0)
  private Integer initialDelaySeconds;

  @JsonPropertyDescription("Seconds between probes.")
  @Min(1)
  private Integer periodSeconds;

  @JsonPropertyDescription("Consecutive failures before the probe counts as failed.")
  @Min(1)
  private Integer failureThreshold;

  @JsonPropertyDescription("Seconds after which one probe times out.")
  @Min(1)
  private Integer timeoutSeconds;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HttpGet {
    @JsonPropertyDescription("Request path.")
    private String path = "/";

    @JsonPropertyDescription("Port number or the name of a container port.")
    @Required
    private IntOrString port;

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public IntOrString getPort() {
      return port;
    }

    public void setPort(IntOrString port) {
      this.port = port;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TcpSocket {
    @JsonPropertyDescription("Port number or the name of a container port.")
    @Required
    private IntOrString port;

    public IntOrString getPort() {
      return port;
    }

    public void setPort(IntOrString port) {
      this.port = port;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Exec {
    @JsonPropertyDescription("Command and arguments; not run in a shell.")
    @Required
    private List<String> command;

    public List<String> getCommand() {
      return command;
    }

    public void setCommand(List<String> command) {
      this.command = command;
    }
  }

  public HttpGet getHttpGet() {
    return httpGet;
  }

  public void setHttpGet(HttpGet httpGet) {
    this.httpGet = httpGet;
  }

  public TcpSocket getTcpSocket() {
    return tcpSocket;
  }

  public void setTcpSocket(TcpSocket tcpSocket) {
    this.tcpSocket = tcpSocket;
  }

  public Exec getExec() {
    return exec;
  }

  public void setExec(Exec exec) {
    this.exec = exec;
  }

  public Integer getInitialDelaySeconds() {
    return initialDelaySeconds;
  }

  public void setInitialDelaySeconds(Integer initialDelaySeconds) {
    this.initialDelaySeconds = initialDelaySeconds;
  }

  public Integer getPeriodSeconds() {
    return periodSeconds;
  }

  public void setPeriodSeconds(Integer periodSeconds) {
    this.periodSeconds = periodSeconds;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }
}
