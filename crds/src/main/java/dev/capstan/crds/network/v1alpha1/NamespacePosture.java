package dev.capstan.crds.network.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The network baseline of every namespace with given labels (cluster-scoped): default deny per
 * direction, plus the allows nearly every namespace needs (DNS, same namespace, trusted namespaces,
 * external CIDRs, metrics scraping). Compiled to NetworkPolicy objects in each selected namespace.
 */
@Group(NamespacePosture.GROUP)
@Version(NamespacePosture.VERSION)
@Kind(NamespacePosture.KIND)
@Plural(NamespacePosture.PLURAL)
@ShortNames("nsposture")
@AdditionalPrinterColumn(
    name = "Deny-Ingress",
    jsonPath = ".spec.defaultDeny.ingress",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Deny-Egress",
    jsonPath = ".spec.defaultDeny.egress",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".status.namespaceCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class NamespacePosture extends CustomResource<NamespacePostureSpec, NamespacePostureStatus> {
  public static final String GROUP = "network.capstan.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "NamespacePosture";
  public static final String PLURAL = "namespacepostures";
  public static final String CRD_NAME = PLURAL + "." + GROUP;
}
