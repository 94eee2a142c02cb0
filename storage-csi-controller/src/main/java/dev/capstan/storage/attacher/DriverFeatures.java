package dev.capstan.storage.attacher;

import csi.v1.Csi.ControllerServiceCapability.RPC.Type;
import java.util.Set;

/** The controller capabilities that change what the attacher sends or does. */
public record DriverFeatures(
    boolean publishUnpublish,
    boolean publishReadOnly,
    boolean singleNodeMultiWriter,
    boolean listPublishedNodes) {

  public static DriverFeatures of(Set<Type> capabilities) {
    return new DriverFeatures(
        capabilities.contains(Type.PUBLISH_UNPUBLISH_VOLUME),
        capabilities.contains(Type.PUBLISH_READONLY),
        capabilities.contains(Type.SINGLE_NODE_MULTI_WRITER),
        // Both are needed: LIST_VOLUMES alone does not report where volumes are published.
        capabilities.contains(Type.LIST_VOLUMES)
            && capabilities.contains(Type.LIST_VOLUMES_PUBLISHED_NODES));
  }
}
