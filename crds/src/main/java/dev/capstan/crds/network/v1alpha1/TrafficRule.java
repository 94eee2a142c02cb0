package dev.capstan.crds.network.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * "Pods matching from.podSelector (in namespaces matching from.namespaceSelector) may reach pods
 * matching to.podSelector in this namespace on these ports." Compiled to an ingress NetworkPolicy
 * in this namespace and, in every source namespace whose egress a NamespacePosture denies, the
 * matching egress NetworkPolicy.
 */
@Group(NamespacePosture.GROUP)
@Version(NamespacePosture.VERSION)
@Kind(TrafficRule.KIND)
@Plural(TrafficRule.PLURAL)
@ShortNames("trule")
@AdditionalPrinterColumn(
    name = "Policies",
    jsonPath = ".status.policyCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TrafficRule extends CustomResource<TrafficRuleSpec, TrafficRuleStatus>
    implements Namespaced {
  public static final String KIND = "TrafficRule";
  public static final String PLURAL = "trafficrules";
  public static final String CRD_NAME = PLURAL + "." + NamespacePosture.GROUP;
}
