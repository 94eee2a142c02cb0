package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

// Fields that only make sense for some workload kinds; each message says what to change.
@ValidationRule(
    value = "self.workload != 'CronJob' || has(self.cronJob)",
    message = "spec.cronJob with a schedule is required when workload is CronJob")
@ValidationRule(
    value = "!has(self.cronJob) || self.workload == 'CronJob'",
    message = "spec.cronJob is only allowed when workload is CronJob; remove it or set workload")
@ValidationRule(
    value = "!has(self.job) || self.workload == 'Job' || self.workload == 'CronJob'",
    message = "spec.job is only allowed when workload is Job or CronJob")
@ValidationRule(
    value = "!has(self.statefulSet) || self.workload == 'StatefulSet'",
    message = "spec.statefulSet is only allowed when workload is StatefulSet")
@ValidationRule(
    value =
        "!has(self.replicas) || self.workload == 'Deployment' || self.workload == 'StatefulSet'",
    message =
        "spec.replicas is only allowed for Deployment and StatefulSet: a DaemonSet runs one pod per"
            + " matching node, a Job or CronJob uses spec.job.parallelism and completions")
@ValidationRule(
    value =
        "!has(self.volumes) || self.workload != 'StatefulSet' || self.volumes.all(v,"
            + " !has(v.claim))",
    message =
        "spec.volumes[].claim is not for StatefulSets: use statefulSet.volumeClaimTemplates for"
            + " per-replica storage")
@ValidationRule(
    value =
        "!has(self.initContainers) || self.initContainers.all(i, !self.containers.exists(c, c.name"
            + " == i.name) && (!has(self.sidecars) || !self.sidecars.exists(s, s.name == i.name)))",
    message = "spec.initContainers: every name must differ from the containers' and sidecars'")
@ValidationRule(
    value =
        "!has(self.sidecars) || self.sidecars.all(s, !self.containers.exists(c, c.name =="
            + " s.name))",
    message = "spec.sidecars: every name must differ from the containers'")
@ValidationRule(
    value = "!has(self.ingress) || has(self.service)",
    message = "spec.ingress needs spec.service: the Ingress routes to the application's Service")
@ValidationRule(
    value =
        "!has(self.ingress) || !has(self.ingress.paths) || self.ingress.paths.all(p, !has(p.port)"
            + " || self.service.ports.exists(q, q.name == p.port))",
    message = "spec.ingress.paths[].port must name a port of spec.service")
@ValidationRule(
    value =
        "!has(self.autoscaling) || self.workload == 'Deployment' || self.workload =="
            + " 'StatefulSet'",
    message = "spec.autoscaling is only allowed for Deployment and StatefulSet")
@ValidationRule(
    value = "!has(self.autoscaling) || !has(self.replicas)",
    message =
        "spec.replicas and spec.autoscaling exclude each other: the autoscaler owns the replica"
            + " count; remove spec.replicas")
@ValidationRule(
    value =
        "!has(self.disruptionBudget) || self.workload == 'Deployment' || self.workload =="
            + " 'StatefulSet'",
    message = "spec.disruptionBudget is only allowed for Deployment and StatefulSet")
@ValidationRule(
    value =
        "!has(self.rollout) || self.workload == 'Deployment' || self.workload == 'StatefulSet' ||"
            + " self.workload == 'DaemonSet'",
    message = "spec.rollout is only allowed for Deployment, StatefulSet and DaemonSet")
@ValidationRule(
    value =
        "!has(self.rollout) || !has(self.rollout.strategy) || self.rollout.strategy !="
            + " 'Recreate' || self.workload == 'Deployment'",
    message = "spec.rollout.strategy Recreate is only for Deployments")
@ValidationRule(
    value =
        "!has(self.rollout) || !has(self.rollout.strategy) || self.rollout.strategy != 'OnDelete'"
            + " || self.workload == 'StatefulSet' || self.workload == 'DaemonSet'",
    message = "spec.rollout.strategy OnDelete is only for StatefulSets and DaemonSets")
@ValidationRule(
    value =
        "!has(self.rollout) || !has(self.rollout.progressDeadlineSeconds) || self.workload =="
            + " 'Deployment' || self.workload == 'StatefulSet'",
    message = "spec.rollout.progressDeadlineSeconds is only for Deployments and StatefulSets")
@ValidationRule(
    value =
        "!has(self.rollout) || (!has(self.rollout.maxSurge) && !has(self.rollout.maxUnavailable))"
            + " || self.workload != 'StatefulSet'",
    message =
        "spec.rollout.maxSurge and maxUnavailable are not for StatefulSets: they update one pod at"
            + " a time; use spec.statefulSet.partition for a phased rollout")
@ValidationRule(
    value =
        "!has(self.statefulSet) || !has(self.statefulSet.partition) || !has(self.rollout) ||"
            + " !has(self.rollout.strategy) || self.rollout.strategy == 'RollingUpdate'",
    message = "spec.statefulSet.partition needs the RollingUpdate strategy")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSpec {

  @JsonPropertyDescription("The native workload the application runs as.")
  @Default("Deployment")
  private WorkloadKind workload = WorkloadKind.Deployment;

  @JsonPropertyDescription(
      "Desired number of pods. Leave unset to let a HorizontalPodAutoscaler or a person own it; new"
          + " workloads then start with one pod.")
  @Min(0)
  private Integer replicas;

  @JsonPropertyDescription(
      "How a new revision replaces the old one (Deployment, StatefulSet, DaemonSet).")
  private ApplicationRollout rollout;

  public ApplicationRollout getRollout() {
    return rollout;
  }

  public void setRollout(ApplicationRollout rollout) {
    this.rollout = rollout;
  }

  @JsonPropertyDescription("The containers of every pod; they share the pod's network and volumes.")
  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "spec.containers: every container needs a unique name")
  private List<ApplicationContainer> containers = new ArrayList<>();

  @JsonPropertyDescription(
      "Containers that run to completion, one after the other, before the containers start (e.g."
          + " a schema migration or a file download).")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "spec.initContainers: every init container needs a unique name")
  @ValidationRule(
      value =
          "self.all(c, !has(c.readinessProbe) && !has(c.livenessProbe) && !has(c.startupProbe))",
      message =
          "spec.initContainers: probes are not allowed, an init container runs to completion; put"
              + " long-running helpers in spec.sidecars")
  private List<ApplicationContainer> initContainers;

  @JsonPropertyDescription(
      "Helper containers that start before the containers and run beside them for the pod's"
          + " whole life (e.g. a proxy or a log shipper): Kubernetes' native sidecars, init"
          + " containers with restartPolicy Always. They start in order, before spec.initContainers,"
          + " so init containers can use them too.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "spec.sidecars: every sidecar needs a unique name")
  private List<ApplicationContainer> sidecars;

  @JsonPropertyDescription("Volumes of the pod, mounted by containers through volumeMounts.")
  @Size(max = 32)
  @ValidationRule(
      value = "self.all(v, self.exists_one(w, w.name == v.name))",
      message = "spec.volumes: every volume needs a unique name")
  @ValidationRule(
      value = "self.all(v, v.name != 'config')",
      message = "spec.volumes: the name config is taken by spec.config's volume")
  private List<ApplicationVolume> volumes;

  @JsonPropertyDescription(
      "ServiceAccount the pods run as (not created by Capstan); unset uses the namespace's"
          + " default.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "RuntimeClass of the pods, e.g. kata or gvisor for sandboxed (secure) containers; it must"
          + " exist in the cluster.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String runtimeClassName;

  @JsonPropertyDescription(
      "restricted (default): pods and containers get a securityContext that passes the Pod"
          + " Security 'restricted' level (non-root, no privilege escalation, all capabilities"
          + " dropped, RuntimeDefault seccomp). baseline: only the RuntimeDefault seccomp profile,"
          + " for images that must run as root. none: Capstan sets no securityContext.")
  @Default("restricted")
  private SecurityProfile securityProfile = SecurityProfile.restricted;

  public enum SecurityProfile {
    restricted,
    baseline,
    none
  }

  public List<ApplicationContainer> getInitContainers() {
    return initContainers;
  }

  public void setInitContainers(List<ApplicationContainer> initContainers) {
    this.initContainers = initContainers;
  }

  public List<ApplicationContainer> getSidecars() {
    return sidecars;
  }

  public void setSidecars(List<ApplicationContainer> sidecars) {
    this.sidecars = sidecars;
  }

  public List<ApplicationVolume> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<ApplicationVolume> volumes) {
    this.volumes = volumes;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public SecurityProfile getSecurityProfile() {
    return securityProfile;
  }

  public void setSecurityProfile(SecurityProfile securityProfile) {
    this.securityProfile = securityProfile;
  }

  @JsonPropertyDescription(
      "Node labels a pod's node must have, e.g. {kubernetes.io/os: linux}; for a DaemonSet, the"
          + " nodes that run one pod each.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("StatefulSet settings; only with workload StatefulSet.")
  private ApplicationStatefulSet statefulSet;

  @JsonPropertyDescription("How pods run to completion; only with workload Job or CronJob.")
  private ApplicationJob job;

  @JsonPropertyDescription("The schedule; required with workload CronJob and only allowed there.")
  private ApplicationCronJob cronJob;

  @JsonPropertyDescription(
      "Configuration files, kept in a ConfigMap and mounted into every container.")
  private ApplicationConfig config;

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public ApplicationStatefulSet getStatefulSet() {
    return statefulSet;
  }

  public void setStatefulSet(ApplicationStatefulSet statefulSet) {
    this.statefulSet = statefulSet;
  }

  public ApplicationJob getJob() {
    return job;
  }

  public void setJob(ApplicationJob job) {
    this.job = job;
  }

  public ApplicationCronJob getCronJob() {
    return cronJob;
  }

  public void setCronJob(ApplicationCronJob cronJob) {
    this.cronJob = cronJob;
  }

  @JsonPropertyDescription("A Service that exposes the application's pods.")
  private ApplicationService service;

  @JsonPropertyDescription("An Ingress in front of the Service (needs spec.service).")
  private ApplicationIngress ingress;

  @JsonPropertyDescription(
      "A HorizontalPodAutoscaler on CPU; it owns the replica count, so spec.replicas must be"
          + " unset.")
  private ApplicationAutoscaling autoscaling;

  @JsonPropertyDescription("A PodDisruptionBudget for the application's pods.")
  private ApplicationDisruptionBudget disruptionBudget;

  public ApplicationIngress getIngress() {
    return ingress;
  }

  public void setIngress(ApplicationIngress ingress) {
    this.ingress = ingress;
  }

  public ApplicationAutoscaling getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(ApplicationAutoscaling autoscaling) {
    this.autoscaling = autoscaling;
  }

  public ApplicationDisruptionBudget getDisruptionBudget() {
    return disruptionBudget;
  }

  public void setDisruptionBudget(ApplicationDisruptionBudget disruptionBudget) {
    this.disruptionBudget = disruptionBudget;
  }

  public ApplicationConfig getConfig() {
    return config;
  }

  public void setConfig(ApplicationConfig config) {
    this.config = config;
  }

  public ApplicationService getService() {
    return service;
  }

  public void setService(ApplicationService service) {
    this.service = service;
  }

  public WorkloadKind getWorkload() {
    return workload;
  }

  public void setWorkload(WorkloadKind workload) {
    this.workload = workload;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public List<ApplicationContainer> getContainers() {
    return containers;
  }

  public void setContainers(List<ApplicationContainer> containers) {
    this.containers = containers;
  }
}
