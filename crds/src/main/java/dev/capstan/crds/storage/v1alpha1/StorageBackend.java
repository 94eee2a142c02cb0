package dev.capstan.crds.storage.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Registers one CSI driver with the cluster: Capstan connects to its endpoint, publishes the
 * CSIDriver object and StorageClasses, and provisions volumes for claims of those classes.
 * Cluster-scoped, like the CSIDriver and StorageClass objects it owns.
 */
@Group(StorageBackend.GROUP)
@Version(StorageBackend.VERSION)
@Kind(StorageBackend.KIND)
@Plural(StorageBackend.PLURAL)
@ShortNames("sbe")
@AdditionalPrinterColumn(
    name = "Driver",
    jsonPath = ".status.driverName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Volumes",
    jsonPath = ".status.provisionedVolumes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Attached",
    jsonPath = ".status.attachedVolumes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".spec.endpoint",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class StorageBackend extends CustomResource<StorageBackendSpec, StorageBackendStatus> {
  public static final String GROUP = "storage.capstan.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "StorageBackend";
  public static final String PLURAL = "storagebackends";
  public static final String CRD_NAME = PLURAL + "." + GROUP;
}
