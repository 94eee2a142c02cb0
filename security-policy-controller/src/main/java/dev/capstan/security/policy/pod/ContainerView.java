package dev.capstan.security.policy.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container of a pod — init, regular or ephemeral — with its path in the pod. fabric8 models
 * ephemeral containers as a separate type; this view lets every rule visit all three alike.
 */
public final class ContainerView {

  /** Where in the pod spec the container is. */
  public enum Kind {
    INIT("initContainers"),
    REGULAR("containers"),
    EPHEMERAL("ephemeralContainers");

    /** Paths of the first containers, built once: rules ask for them for every policy. */
    private static final int PRECOMPUTED_PATHS = 16;

    private final String field;
    private final String[] paths = new String[PRECOMPUTED_PATHS];

    Kind(String field) {
      this.field = field;
      for (int i = 0; i < PRECOMPUTED_PATHS; i++) {
        paths[i] = pathOf(field, i);
      }
    }

    public String field() {
      return field;
    }

    /** {@code spec.<field>[index]}. */
    String path(int index) {
      return index < PRECOMPUTED_PATHS ? paths[index] : pathOf(field, index);
    }

    private static String pathOf(String field, int index) {
      return "spec." + field + "[" + index + "]";
    }
  }

  private final Kind kind;
  private final int index;
  private final Container container;
  private final EphemeralContainer ephemeral;

  private ContainerView(Kind kind, int index, Container container, EphemeralContainer ephemeral) {
    this.kind = kind;
    this.index = index;
    this.container = container;
    this.ephemeral = ephemeral;
  }

  public static ContainerView of(Kind kind, int index, Container container) {
    return new ContainerView(kind, index, container, null);
  }

  public static ContainerView of(int index, EphemeralContainer container) {
    return new ContainerView(Kind.EPHEMERAL, index, null, container);
  }

  public Kind kind() {
    return kind;
  }

  /** The container's path, e.g. {@code spec.initContainers[1]}. */
  public String path() {
    // asked by most rules for every container, mostly to build paths no violation ever uses
    return kind.path(index);
  }

  /** {@code container "name"} for messages. */
  public String describe() {
    return (kind == Kind.INIT
            ? "init container"
            : kind == Kind.EPHEMERAL ? "ephemeral container" : "container")
        + " \""
        + name()
        + "\"";
  }

  public String name() {
    return container != null ? container.getName() : ephemeral.getName();
  }

  public String image() {
    return container != null ? container.getImage() : ephemeral.getImage();
  }

  public SecurityContext securityContext() {
    return container != null ? container.getSecurityContext() : ephemeral.getSecurityContext();
  }

  /** The container's security context, created empty when it has none. */
  public SecurityContext ensureSecurityContext() {
    SecurityContext sc = securityContext();
    if (sc == null) {
      sc = new SecurityContext();
      if (container != null) {
        container.setSecurityContext(sc);
      } else {
        ephemeral.setSecurityContext(sc);
      }
    }
    return sc;
  }

  public List<ContainerPort> ports() {
    List<ContainerPort> ports = container != null ? container.getPorts() : ephemeral.getPorts();
    return ports == null ? List.of() : ports;
  }

  public List<VolumeMount> volumeMounts() {
    List<VolumeMount> mounts =
        container != null ? container.getVolumeMounts() : ephemeral.getVolumeMounts();
    return mounts == null ? List.of() : mounts;
  }

  /** Probes by field name (livenessProbe, readinessProbe, startupProbe), only those set. */
  public Map<String, Probe> probes() {
    Map<String, Probe> probes = new LinkedHashMap<>();
    put(
        probes,
        "livenessProbe",
        container != null ? container.getLivenessProbe() : ephemeral.getLivenessProbe());
    put(
        probes,
        "readinessProbe",
        container != null ? container.getReadinessProbe() : ephemeral.getReadinessProbe());
    put(
        probes,
        "startupProbe",
        container != null ? container.getStartupProbe() : ephemeral.getStartupProbe());
    return probes;
  }

  /** Lifecycle handlers by field path (lifecycle.postStart, lifecycle.preStop), only those set. */
  public Map<String, LifecycleHandler> lifecycleHandlers() {
    Map<String, LifecycleHandler> handlers = new LinkedHashMap<>();
    Lifecycle lifecycle = container != null ? container.getLifecycle() : ephemeral.getLifecycle();
    if (lifecycle != null) {
      put(handlers, "lifecycle.postStart", lifecycle.getPostStart());
      put(handlers, "lifecycle.preStop", lifecycle.getPreStop());
    }
    return handlers;
  }

  public Lifecycle lifecycle() {
    return container != null ? container.getLifecycle() : ephemeral.getLifecycle();
  }

  /** Fields of the container this fabric8 model does not know. */
  public Map<String, Object> additionalProperties() {
    Map<String, Object> extra =
        container != null
            ? container.getAdditionalProperties()
            : ephemeral.getAdditionalProperties();
    return extra == null ? Map.of() : extra;
  }

  private static <T> void put(Map<String, T> map, String key, T value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** All containers: init, regular, then ephemeral (the Pod Security Admission visiting order). */
  public static List<ContainerView> all(io.fabric8.kubernetes.api.model.PodSpec spec) {
    List<ContainerView> all = new ArrayList<>();
    if (spec == null) {
      return all;
    }
    List<Container> init = spec.getInitContainers();
    for (int i = 0; init != null && i < init.size(); i++) {
      all.add(of(Kind.INIT, i, init.get(i)));
    }
    List<Container> regular = spec.getContainers();
    for (int i = 0; regular != null && i < regular.size(); i++) {
      all.add(of(Kind.REGULAR, i, regular.get(i)));
    }
    List<EphemeralContainer> ephemeral = spec.getEphemeralContainers();
    for (int i = 0; ephemeral != null && i < ephemeral.size(); i++) {
      all.add(of(i, ephemeral.get(i)));
    }
    return all;
  }
}
