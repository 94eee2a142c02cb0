package dev.capstan.security.policy.pod;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod a workload would create: its pod template as a Pod in the workload's namespace. For
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and
 * PodTemplate, and for Capstan's Application, which has no template field: its template is the one
 * the workload controller renders from it ({@link ApplicationPodTemplate}, the same function the
 * controller calls), with the restart policy of its workload kind.
 */
public final class PodTemplates {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PodTemplates() {}

  /** The template of a workload, or empty when the object carries none. */
  public static Optional<PodTemplateSpec> templateOf(HasMetadata object) {
    PodTemplateSpec template = null;
    if (object instanceof Deployment d && d.getSpec() != null) {
      template = d.getSpec().getTemplate();
    } else if (object instanceof StatefulSet s && s.getSpec() != null) {
      template = s.getSpec().getTemplate();
    } else if (object instanceof DaemonSet ds && ds.getSpec() != null) {
      template = ds.getSpec().getTemplate();
    } else if (object instanceof ReplicaSet rs && rs.getSpec() != null) {
      template = rs.getSpec().getTemplate();
    } else if (object instanceof ReplicationController rc && rc.getSpec() != null) {
      template = rc.getSpec().getTemplate();
    } else if (object instanceof Job j && j.getSpec() != null) {
      template = j.getSpec().getTemplate();
    } else if (object instanceof CronJob cj
        && cj.getSpec() != null
        && cj.getSpec().getJobTemplate() != null
        && cj.getSpec().getJobTemplate().getSpec() != null) {
      template = cj.getSpec().getJobTemplate().getSpec().getTemplate();
    } else if (object instanceof PodTemplate pt) {
      template = pt.getTemplate();
    } else if (object instanceof Application app
        && app.getSpec() != null
        && app.getSpec().getContainers() != null) {
      template = ApplicationPodTemplate.of(app);
    }
    return Optional.ofNullable(template);
  }

  /**
   * Where the pod template sits in the workload, e.g. {@code spec.template} or, for a CronJob,
   * {@code spec.jobTemplate.spec.template}: the prefix that turns a pod's field path into the
   * workload's.
   */
  public static String templatePath(HasMetadata object) {
    if (object instanceof CronJob) {
      return "spec.jobTemplate.spec.template";
    }
    if (object instanceof PodTemplate) {
      return "template";
    }
    return "spec.template";
  }

  private static final Pattern INDEXED =
      Pattern.compile("^spec\\.(initContainers|volumes)\\[(\\d+)]");

  /**
   * Turns a field path of the pod into the path of the field in the workload that produced it. For
   * the built-in kinds that is the template's place ({@link #templatePath}) as a prefix. For an
   * Application, paths name what the user wrote: {@code spec.containers[i]} stays {@code
   * spec.containers[i]}; the rendered {@code spec.initContainers} are the sidecars first, then the
   * init containers, so {@code spec.initContainers[j]} becomes {@code spec.sidecars[j]} or {@code
   * spec.initContainers[j - sidecars]}; the rendered {@code spec.volumes} start with the config
   * volume when {@code spec.config} is set, so {@code spec.volumes[0]} becomes {@code spec.config}
   * and the others shift by one. Everything else keeps the pod's path: {@code
   * spec.serviceAccountName}, {@code spec.runtimeClassName} and {@code spec.nodeSelector} exist in
   * the Application under the same names; {@code securityContext} paths (pod and container) are set
   * by {@code spec.securityProfile}, which the message names.
   */
  public static UnaryOperator<String> fieldPaths(HasMetadata object) {
    if (!(object instanceof Application app) || app.getSpec() == null) {
      String prefix = templatePath(object);
      return path -> prefix + "." + path;
    }
    ApplicationSpec spec = app.getSpec();
    int sidecars = sizeOf(spec.getSidecars());
    boolean config = spec.getConfig() != null;
    return path -> {
      Matcher m = INDEXED.matcher(path);
      if (!m.find()) {
        return path;
      }
      int index = Integer.parseInt(m.group(2));
      String rest = path.substring(m.end());
      if (m.group(1).equals("initContainers")) {
        return index < sidecars
            ? "spec.sidecars[" + index + "]" + rest
            : "spec.initContainers[" + (index - sidecars) + "]" + rest;
      }
      if (config) {
        return index == 0 ? "spec.config" + rest : "spec.volumes[" + (index - 1) + "]" + rest;
      }
      return path;
    };
  }

  /** How a workload is named in messages; an Application says which security profile it uses. */
  public static String describe(HasMetadata object) {
    String what = object.getKind() + " " + object.getMetadata().getName();
    if (object instanceof Application app && app.getSpec() != null) {
      return what + " (securityProfile " + app.getSpec().getSecurityProfile() + ")";
    }
    return what;
  }

  private static int sizeOf(List<?> list) {
    return list == null ? 0 : list.size();
  }

  /** The template as a Pod (a deep copy), named and namespaced like the workload. */
  public static Optional<Pod> podOf(HasMetadata object) {
    return templateOf(object)
        .map(
            template -> {
              Pod pod = new Pod();
              ObjectMeta meta =
                  template.getMetadata() == null
                      ? new ObjectMeta()
                      : SERIALIZATION.clone(template.getMetadata());
              meta.setNamespace(object.getMetadata().getNamespace());
              if (meta.getName() == null) {
                meta.setName(object.getMetadata().getName());
              }
              pod.setMetadata(meta);
              pod.setSpec(
                  template.getSpec() == null ? null : SERIALIZATION.clone(template.getSpec()));
              return pod;
            });
  }
}
