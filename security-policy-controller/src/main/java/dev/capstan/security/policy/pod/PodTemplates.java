package dev.capstan.security.policy.pod;

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
import java.util.Optional;

/**
 * The pod a workload would create: its pod template as a Pod in the workload's namespace. For
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and
 * PodTemplate.
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
