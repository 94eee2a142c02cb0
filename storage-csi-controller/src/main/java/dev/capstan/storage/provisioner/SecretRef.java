package dev.capstan.storage.provisioner;

/** A Secret named by StorageClass parameters, templates already resolved. */
public record SecretRef(String namespace, String name) {}
