package dev.capstan.crds.workloads.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An application: one workload, the objects that expose and configure it, and an honest status. */
@Group(Application.GROUP)
@Version(Application.VERSION)
@Kind(Application.KIND)
@Plural(Application.PLURAL)
@ShortNames("capp")
@Labels("app.kubernetes.io/part-of=capstan")
@AdditionalPrinterColumn(
    name = "Workload",
    jsonPath = ".spec.workload",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Address",
    jsonPath = ".status.address.dnsName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Application extends CustomResource<ApplicationSpec, ApplicationStatus>
    implements Namespaced {
  public static final String GROUP = "workloads.capstan.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "Application";
  public static final String PLURAL = "applications";
  public static final String CRD_NAME = PLURAL + "." + GROUP;
}
