package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The policy. Without {@code base} it reads exactly like a PodSecurityPolicy: what it does not
 * grant is forbidden. With {@code base}, the base profile's checks always apply, and a field left
 * unset adds no further restriction.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.base) || (has(self.runAsUser) && has(self.seLinux)"
            + " && has(self.supplementalGroups) && has(self.fsGroup))",
    message =
        "without spec.base, runAsUser, seLinux, supplementalGroups and fsGroup must be set as in a"
            + " PodSecurityPolicy (rule RunAsAny allows any value); or set spec.base so that"
            + " unset fields follow the base profile")
@ValidationRule(
    value =
        "!has(self.defaultAddCapabilities) || !has(self.requiredDropCapabilities)"
            + " || self.defaultAddCapabilities.all(c, !(c in self.requiredDropCapabilities))",
    message =
        "a capability in defaultAddCapabilities is also in requiredDropCapabilities: remove it from"
            + " one of the two lists")
@ValidationRule(
    value =
        "!has(self.allowedCapabilities) || !has(self.requiredDropCapabilities)"
            + " || self.allowedCapabilities.all(c, !(c in self.requiredDropCapabilities))",
    message =
        "a capability in allowedCapabilities is also in requiredDropCapabilities: remove it from"
            + " one of the two lists")
@ValidationRule(
    value =
        "!has(self.defaultAllowPrivilegeEscalation) || !self.defaultAllowPrivilegeEscalation"
            + " || !has(self.allowPrivilegeEscalation) || self.allowPrivilegeEscalation",
    message =
        "defaultAllowPrivilegeEscalation cannot be true while allowPrivilegeEscalation is false:"
            + " allow privilege escalation or default it to false")
@ValidationRule(
    value =
        "!has(self.allowedUnsafeSysctls) || !has(self.forbiddenSysctls)"
            + " || self.allowedUnsafeSysctls.all(a, !self.forbiddenSysctls.exists(f, f == '*'"
            + " || f == a || (f.endsWith('*') && a.startsWith(f.substring(0, size(f) - 1)))))",
    message =
        "a sysctl in allowedUnsafeSysctls is matched by forbiddenSysctls: remove it from one of"
            + " the two lists")
@ValidationRule(
    value =
        "!has(self.seccomp) || !has(self.seccomp.defaultProfile)"
            + " || (has(self.seccomp.allowedProfiles) ? ('*' in self.seccomp.allowedProfiles"
            + " || self.seccomp.defaultProfile in self.seccomp.allowedProfiles) : has(self.base))",
    message =
        "seccomp.defaultProfile must be one of seccomp.allowedProfiles (without spec.base an"
            + " unset allowedProfiles means no profile may be set): add it there or allow '*'")
@ValidationRule(
    value =
        "!has(self.workloads) || self.workloads != 'deny' || !has(self.mode) || self.mode == 'enforce'",
    message =
        "workloads: deny needs mode: enforce (audit and warn policies never reject): set mode to"
            + " enforce or workloads to warn")
public class PodSecurityPolicySpec {

  private static final String CAPABILITY_RULE = "self.all(c, c.matches('^[A-Za-z0-9_]+$'))";
  private static final String CAPABILITY_MESSAGE =
      "each capability is a name such as NET_ADMIN (or ALL), without spaces";
  private static final String SYSCTL_RULE =
      "self.all(s, s == '*' || s.matches('^[a-z0-9]([-_a-z0-9]*[a-z0-9])?([./][a-z0-9]([-_a-z0-9]*"
          + "[a-z0-9])?)*([./][*])?$'))";
  private static final String SYSCTL_MESSAGE =
      "each entry is a sysctl name, a prefix pattern ending in .* (e.g. net.*), or *";

  // ---- Capstan additions ----

  @JsonPropertyDescription(
      "enforce rejects pods no usable enforce policy admits; audit and warn only report: audit in"
          + " the audit log, warn as client warnings, when the pod would be rejected were the"
          + " audit (warn) policies enforced too.")
  @Default("enforce")
  private PolicyMode mode = PolicyMode.enforce;

  @JsonPropertyDescription(
      "What happens to a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob)"
          + " whose pod template the enforce policies would reject: warn admits it with warnings"
          + " (its pods are rejected when they are created), deny rejects the workload itself,"
          + " naming the violated spec.template fields. deny takes effect when this enforce policy"
          + " governs the workload's namespace; any one such policy is enough.")
  @Default("warn")
  private WorkloadAction workloads = WorkloadAction.warn;

  @JsonPropertyDescription(
      "Order among policies: higher first, ties by name. A policy that admits a pod unchanged is"
          + " preferred; otherwise the first that admits it with defaults wins.")
  @Default("0")
  @Min(-1000000)
  @Max(1000000)
  private Integer priority = 0;

  @JsonPropertyDescription(
      "A Pod Security Standards level at a version, checked in addition to the fields below."
          + " Unset: fields keep PodSecurityPolicy defaults (what is not granted is forbidden).")
  private BaseProfile base;

  @JsonPropertyDescription(
      "Where the policy applies and who may use it. Unset: every namespace, everyone.")
  private PolicyBinding binding;

  @JsonPropertyDescription("Requests this policy admits without checks or defaults.")
  private PolicyExemptions exemptions;

  // ---- PodSecurityPolicy fields ----

  @JsonPropertyDescription("Allow privileged containers. Unset: false (or the base decides).")
  private Boolean privileged;

  @JsonPropertyDescription(
      "Capabilities added to every container that neither adds nor drops them.")
  @Size(max = 64)
  @ValidationRule(value = CAPABILITY_RULE, message = CAPABILITY_MESSAGE)
  private List<@Size(max = 64) String> defaultAddCapabilities;

  @JsonPropertyDescription(
      "Capabilities every container must drop; added to each container's drop list by default."
          + " Dropping ALL satisfies any.")
  @Size(max = 64)
  @ValidationRule(value = CAPABILITY_RULE, message = CAPABILITY_MESSAGE)
  private List<@Size(max = 64) String> requiredDropCapabilities;

  @JsonPropertyDescription(
      "Capabilities containers may add beyond defaultAddCapabilities; * allows any. Unset: none"
          + " (or the base decides).")
  @Size(max = 64)
  @ValidationRule(
      value = "self.all(c, c == '*' || c.matches('^[A-Za-z0-9_]+$'))",
      message = "each capability is a name such as NET_ADMIN, or *")
  private List<@Size(max = 64) String> allowedCapabilities;

  @JsonPropertyDescription(
      "Volume types pods may use, by the pod volume field name (configMap, secret, emptyDir,"
          + " hostPath, csi, ...), or * for all. A projected volume of only the service account"
          + " token, kube-root-ca.crt and the namespace counts as secret. Unset: none (or the base"
          + " decides).")
  @Size(max = 64)
  @ValidationRule(
      value =
          "self.all(v, v in ['*', 'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephFS',"
              + " 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'fc',"
              + " 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath',"
              + " 'image', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk',"
              + " 'portworxVolume', 'projected', 'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos',"
              + " 'vsphereVolume'])",
      message =
          "unknown volume type: use * or pod volume field names such as configMap, secret,"
              + " emptyDir, projected, downwardAPI, persistentVolumeClaim, ephemeral, csi, image,"
              + " hostPath, nfs")
  private List<@Size(max = 32) String> volumes;

  @JsonPropertyDescription(
      "Host path prefixes hostPath volumes may use. Unset or empty: any path (when hostPath is an"
          + " allowed volume type).")
  @Size(max = 64)
  private List<AllowedHostPath> allowedHostPaths;

  @JsonPropertyDescription(
      "flexVolume drivers pods may use. Unset or empty: any (when flexVolume is allowed).")
  @Size(max = 64)
  private List<AllowedFlexVolume> allowedFlexVolumes;

  @JsonPropertyDescription(
      "CSI drivers pods may use inline. Unset or empty: any (when csi is allowed).")
  @Size(max = 64)
  private List<AllowedCsiDriver> allowedCSIDrivers;

  @JsonPropertyDescription("Allow spec.hostNetwork. Unset: false (or the base decides).")
  private Boolean hostNetwork;

  @JsonPropertyDescription(
      "Host port ranges containers may use. Unset: none (or the base decides).")
  @Size(max = 64)
  private List<HostPortRange> hostPorts;

  @JsonPropertyDescription("Allow spec.hostPID. Unset: false (or the base decides).")
  private Boolean hostPID;

  @JsonPropertyDescription("Allow spec.hostIPC. Unset: false (or the base decides).")
  private Boolean hostIPC;

  @JsonPropertyDescription("SELinux rule. Required without base; unset with base: RunAsAny.")
  private SeLinuxStrategy seLinux;

  @JsonPropertyDescription("User ID rule. Required without base; unset with base: RunAsAny.")
  private RunAsUserStrategy runAsUser;

  @JsonPropertyDescription("Primary group ID rule for containers. Unset: RunAsAny.")
  private GroupStrategy runAsGroup;

  @JsonPropertyDescription(
      "Supplemental groups rule. Required without base; unset with base: RunAsAny.")
  private GroupStrategy supplementalGroups;

  @JsonPropertyDescription("fsGroup rule. Required without base; unset with base: RunAsAny.")
  private GroupStrategy fsGroup;

  @JsonPropertyDescription(
      "Require readOnlyRootFilesystem=true on every container (defaulted where unset).")
  private Boolean readOnlyRootFilesystem;

  @JsonPropertyDescription(
      "Allow containers to set allowPrivilegeEscalation=true; false also defaults it to false."
          + " Unset: true.")
  private Boolean allowPrivilegeEscalation;

  @JsonPropertyDescription("Default for containers that do not set allowPrivilegeEscalation.")
  private Boolean defaultAllowPrivilegeEscalation;

  @JsonPropertyDescription(
      "procMount types containers may use: Default, Unmasked. Unset: Default (or the base"
          + " decides).")
  @Size(max = 2)
  @ValidationRule(
      value = "self.all(t, t == 'Default' || t == 'Unmasked')",
      message = "each procMount type is Default or Unmasked")
  private List<@Size(max = 16) String> allowedProcMountTypes;

  @JsonPropertyDescription(
      "Seccomp profiles. Unset: no profile may be set (or, with base, any the base allows).")
  private SeccompPolicy seccomp;

  @JsonPropertyDescription("AppArmor profiles. Unset: any.")
  private AppArmorPolicy appArmor;

  @JsonPropertyDescription(
      "Sysctls pods may not set: names, prefix patterns ending in * (net.*), or * for all.")
  @Size(max = 64)
  @ValidationRule(value = SYSCTL_RULE, message = SYSCTL_MESSAGE)
  private List<@Size(max = 253) String> forbiddenSysctls;

  @JsonPropertyDescription(
      "Unsafe sysctls pods may set in addition to the safe set (the baseline list of the base"
          + " version, or latest): names, prefix patterns ending in *, or * for all.")
  @Size(max = 64)
  @ValidationRule(value = SYSCTL_RULE, message = SYSCTL_MESSAGE)
  private List<@Size(max = 253) String> allowedUnsafeSysctls;

  @JsonPropertyDescription("RuntimeClasses pods may use. Unset: any.")
  private RuntimeClassPolicy runtimeClass;

  public PolicyMode getMode() {
    return mode;
  }

  public void setMode(PolicyMode mode) {
    this.mode = mode;
  }

  public WorkloadAction getWorkloads() {
    return workloads;
  }

  public void setWorkloads(WorkloadAction workloads) {
    this.workloads = workloads;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public BaseProfile getBase() {
    return base;
  }

  public void setBase(BaseProfile base) {
    this.base = base;
  }

  public PolicyBinding getBinding() {
    return binding;
  }

  public void setBinding(PolicyBinding binding) {
    this.binding = binding;
  }

  public PolicyExemptions getExemptions() {
    return exemptions;
  }

  public void setExemptions(PolicyExemptions exemptions) {
    this.exemptions = exemptions;
  }

  public Boolean getPrivileged() {
    return privileged;
  }

  public void setPrivileged(Boolean privileged) {
    this.privileged = privileged;
  }

  public List<String> getDefaultAddCapabilities() {
    return defaultAddCapabilities;
  }

  public void setDefaultAddCapabilities(List<String> defaultAddCapabilities) {
    this.defaultAddCapabilities = defaultAddCapabilities;
  }

  public List<String> getRequiredDropCapabilities() {
    return requiredDropCapabilities;
  }

  public void setRequiredDropCapabilities(List<String> requiredDropCapabilities) {
    this.requiredDropCapabilities = requiredDropCapabilities;
  }

  public List<String> getAllowedCapabilities() {
    return allowedCapabilities;
  }

  public void setAllowedCapabilities(List<String> allowedCapabilities) {
    this.allowedCapabilities = allowedCapabilities;
  }

  public List<String> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<String> volumes) {
    this.volumes = volumes;
  }

  public List<AllowedHostPath> getAllowedHostPaths() {
    return allowedHostPaths;
  }

  public void setAllowedHostPaths(List<AllowedHostPath> allowedHostPaths) {
    this.allowedHostPaths = allowedHostPaths;
  }

  public List<AllowedFlexVolume> getAllowedFlexVolumes() {
    return allowedFlexVolumes;
  }

  public void setAllowedFlexVolumes(List<AllowedFlexVolume> allowedFlexVolumes) {
    this.allowedFlexVolumes = allowedFlexVolumes;
  }

  public List<AllowedCsiDriver> getAllowedCSIDrivers() {
    return allowedCSIDrivers;
  }

  public void setAllowedCSIDrivers(List<AllowedCsiDriver> allowedCSIDrivers) {
    this.allowedCSIDrivers = allowedCSIDrivers;
  }

  public Boolean getHostNetwork() {
    return hostNetwork;
  }

  public void setHostNetwork(Boolean hostNetwork) {
    this.hostNetwork = hostNetwork;
  }

  public List<HostPortRange> getHostPorts() {
    return hostPorts;
  }

  public void setHostPorts(List<HostPortRange> hostPorts) {
    this.hostPorts = hostPorts;
  }

  public Boolean getHostPID() {
    return hostPID;
  }

  public void setHostPID(Boolean hostPID) {
    this.hostPID = hostPID;
  }

  public Boolean getHostIPC() {
    return hostIPC;
  }

  public void setHostIPC(Boolean hostIPC) {
    this.hostIPC = hostIPC;
  }

  public SeLinuxStrategy getSeLinux() {
    return seLinux;
  }

  public void setSeLinux(SeLinuxStrategy seLinux) {
    this.seLinux = seLinux;
  }

  public RunAsUserStrategy getRunAsUser() {
    return runAsUser;
  }

  public void setRunAsUser(RunAsUserStrategy runAsUser) {
    this.runAsUser = runAsUser;
  }

  public GroupStrategy getRunAsGroup() {
    return runAsGroup;
  }

  public void setRunAsGroup(GroupStrategy runAsGroup) {
    this.runAsGroup = runAsGroup;
  }

  public GroupStrategy getSupplementalGroups() {
    return supplementalGroups;
  }

  public void setSupplementalGroups(GroupStrategy supplementalGroups) {
    this.supplementalGroups = supplementalGroups;
  }

  public GroupStrategy getFsGroup() {
    return fsGroup;
  }

  public void setFsGroup(GroupStrategy fsGroup) {
    this.fsGroup = fsGroup;
  }

  public Boolean getReadOnlyRootFilesystem() {
    return readOnlyRootFilesystem;
  }

  public void setReadOnlyRootFilesystem(Boolean readOnlyRootFilesystem) {
    this.readOnlyRootFilesystem = readOnlyRootFilesystem;
  }

  public Boolean getAllowPrivilegeEscalation() {
    return allowPrivilegeEscalation;
  }

  public void setAllowPrivilegeEscalation(Boolean allowPrivilegeEscalation) {
    this.allowPrivilegeEscalation = allowPrivilegeEscalation;
  }

  public Boolean getDefaultAllowPrivilegeEscalation() {
    return defaultAllowPrivilegeEscalation;
  }

  public void setDefaultAllowPrivilegeEscalation(Boolean defaultAllowPrivilegeEscalation) {
    this.defaultAllowPrivilegeEscalation = defaultAllowPrivilegeEscalation;
  }

  public List<String> getAllowedProcMountTypes() {
    return allowedProcMountTypes;
  }

  public void setAllowedProcMountTypes(List<String> allowedProcMountTypes) {
    this.allowedProcMountTypes = allowedProcMountTypes;
  }

  public SeccompPolicy getSeccomp() {
    return seccomp;
  }

  public void setSeccomp(SeccompPolicy seccomp) {
    this.seccomp = seccomp;
  }

  public AppArmorPolicy getAppArmor() {
    return appArmor;
  }

  public void setAppArmor(AppArmorPolicy appArmor) {
    this.appArmor = appArmor;
  }

  public List<String> getForbiddenSysctls() {
    return forbiddenSysctls;
  }

  public void setForbiddenSysctls(List<String> forbiddenSysctls) {
    this.forbiddenSysctls = forbiddenSysctls;
  }

  public List<String> getAllowedUnsafeSysctls() {
    return allowedUnsafeSysctls;
  }

  public void setAllowedUnsafeSysctls(List<String> allowedUnsafeSysctls) {
    this.allowedUnsafeSysctls = allowedUnsafeSysctls;
  }

  public RuntimeClassPolicy getRuntimeClass() {
    return runtimeClass;
  }

  public void setRuntimeClass(RuntimeClassPolicy runtimeClass) {
    this.runtimeClass = runtimeClass;
  }
}
