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
 * "May these pods reach those pods on this port?" answered from the NetworkPolicy objects of the
 * cluster (what the policies say, not what a CNI does), per pod pair, with the policies that
 * decided.
 */
@Group(NamespacePosture.GROUP)
@Version(NamespacePosture.VERSION)
@Kind(ConnectivityCheck.KIND)
@Plural(ConnectivityCheck.PLURAL)
@ShortNames("netcheck")
@AdditionalPrinterColumn(
    name = "Verdict",
    jsonPath = ".status.verdict",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Allowed",
    jsonPath = ".status.allowedPairs",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Denied",
    jsonPath = ".status.deniedPairs",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Protocol",
    jsonPath = ".spec.protocol",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ConnectivityCheck
    extends CustomResource<ConnectivityCheckSpec, ConnectivityCheckStatus> implements Namespaced {
  public static final String KIND = "ConnectivityCheck";
  public static final String PLURAL = "connectivitychecks";
  public static final String CRD_NAME = PLURAL + "." + NamespacePosture.GROUP;
}
