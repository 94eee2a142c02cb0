package dev.capstan.network.compile;

/** The intent a generated NetworkPolicy belongs to; namespace is null for cluster-scoped kinds. */
public record Owner(String kind, String namespace, String name) {

  @Override
  public String toString() {
    return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
