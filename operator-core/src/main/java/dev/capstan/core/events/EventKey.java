package dev.capstan.core.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What makes two Events "the same" for deduplication: the regarding object (by identity, not by
 * resourceVersion, which changes with every status write) and every field the API server forbids
 * changing on an existing Event (type, reason, action, note). Only {@code series} may change, so an
 * Event with a different note is a new Event.
 */
record EventKey(
    String apiVersion,
    String kind,
    String namespace,
    String name,
    String uid,
    EventType type,
    String reason,
    String action,
    String note) {

  static EventKey of(HasMetadata regarding, EventDetails details) {
    return new EventKey(
        regarding.getApiVersion(),
        regarding.getKind(),
        regarding.getMetadata().getNamespace(),
        regarding.getMetadata().getName(),
        regarding.getMetadata().getUid(),
        details.type(),
        EventObjects.cut(details.reason(), EventObjects.MAX_REASON),
        EventObjects.cut(details.action(), EventObjects.MAX_ACTION),
        EventObjects.cutUtf8(details.note(), EventObjects.MAX_NOTE_BYTES));
  }

  /** Events about cluster-scoped objects go to {@code default}, as client-go does. */
  String eventNamespace() {
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }
}
