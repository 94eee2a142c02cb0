package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.AllowedHostPath;
import dev.capstan.crds.security.v1alpha1.GroupStrategy;
import dev.capstan.crds.security.v1alpha1.HostPortRange;
import dev.capstan.crds.security.v1alpha1.IdRange;
import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PolicyMode;
import dev.capstan.crds.security.v1alpha1.RunAsUserStrategy;
import dev.capstan.crds.security.v1alpha1.SeLinuxOptions;
import dev.capstan.crds.security.v1alpha1.SeLinuxStrategy;
import dev.capstan.security.policy.standards.PssVersion;
import java.util.List;
import java.util.Set;

/**
 * A policy with every unset field resolved: without a base, to the PodSecurityPolicy default (what
 * is not granted is forbidden); with a base, to "no further restriction". {@code null} sets below
 * mean "anything".
 *
 * @param base the base level, or null
 * @param baseVersion the base version (latest when no base)
 * @param allowedCapabilities capabilities containers may add beyond the defaults; null = any
 * @param volumes allowed volume types; null = any
 * @param hostPorts allowed host port ranges; null = any
 * @param allowedProcMountTypes null = any
 * @param seccompAllowed allowed seccomp profiles (normalised); null = any, empty = none may be set
 * @param appArmorAllowed allowed AppArmor profiles; null = any
 * @param allowedUnsafeSysctls patterns; null = any sysctl not forbidden
 * @param allowedRuntimeClasses null = any
 */
public record CompiledPolicy(
    PodSecurityPolicy source,
    String name,
    PolicyMode mode,
    int priority,
    PodSecurityLevel base,
    PssVersion baseVersion,
    boolean allowPrivileged,
    List<String> defaultAddCapabilities,
    List<String> requiredDropCapabilities,
    Set<String> allowedCapabilities,
    Set<String> volumes,
    List<AllowedHostPath> allowedHostPaths,
    Set<String> allowedFlexVolumes,
    Set<String> allowedCsiDrivers,
    boolean allowHostNetwork,
    boolean allowHostPid,
    boolean allowHostIpc,
    List<HostPortRange> hostPorts,
    SeLinuxStrategy.Rule seLinuxRule,
    SeLinuxOptions seLinuxOptions,
    RunAsUserStrategy.Rule runAsUserRule,
    List<IdRange> runAsUserRanges,
    GroupStrategy.Rule runAsGroupRule,
    List<IdRange> runAsGroupRanges,
    GroupStrategy.Rule supplementalGroupsRule,
    List<IdRange> supplementalGroupsRanges,
    GroupStrategy.Rule fsGroupRule,
    List<IdRange> fsGroupRanges,
    boolean requireReadOnlyRootFilesystem,
    boolean allowPrivilegeEscalation,
    Boolean defaultAllowPrivilegeEscalation,
    Set<String> allowedProcMountTypes,
    Set<String> seccompAllowed,
    String seccompDefault,
    Set<String> appArmorAllowed,
    String appArmorDefault,
    List<String> forbiddenSysctls,
    List<String> allowedUnsafeSysctls,
    Set<String> safeSysctls,
    Set<String> allowedRuntimeClasses,
    String defaultRuntimeClass) {

  public boolean hasBase() {
    return base != null;
  }
}
