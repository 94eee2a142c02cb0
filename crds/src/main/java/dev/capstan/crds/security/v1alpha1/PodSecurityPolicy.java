package dev.capstan.crds.security.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-scoped pod security policy: the fields of the removed policy/v1beta1 PodSecurityPolicy,
 * typed, plus what it lacked — a mode (enforce, audit, warn), an explicit binding, a priority, a
 * Pod Security Standards base profile and exemptions.
 */
@Group(PodSecurityPolicy.GROUP)
@Version(PodSecurityPolicy.VERSION)
@Kind(PodSecurityPolicy.KIND)
@Plural(PodSecurityPolicy.PLURAL)
@ShortNames("cpsp")
@Labels("app.kubernetes.io/part-of=capstan")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Priority",
    jsonPath = ".spec.priority",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Base",
    jsonPath = ".spec.base.level",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Violating",
    jsonPath = ".status.violatingPods",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class PodSecurityPolicy
    extends CustomResource<PodSecurityPolicySpec, PodSecurityPolicyStatus> {
  public static final String GROUP = "security.capstan.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "PodSecurityPolicy";
  public static final String PLURAL = "podsecuritypolicies";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** Pod annotation naming the policy that admitted the pod (like kubernetes.io/psp). */
  public static final String POLICY_ANNOTATION = GROUP + "/policy";
}
