package dev.capstan.core.events;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds the events.k8s.io/v1 objects and patches {@link KubernetesEventRecorder} sends, within the
 * API server's validation limits. Pure.
 */
final class EventObjects {

  static final int MAX_REASON = 128;
  static final int MAX_ACTION = 128;
  static final int MAX_NOTE_BYTES = 1024;
  private static final int MAX_NAME = 253;

  /** metav1.MicroTime: RFC 3339 with microseconds. */
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private EventObjects() {}

  /** A new Event for the first occurrence of {@code key}. */
  static Event newEvent(
      EventKey key,
      String name,
      String reportingController,
      String reportingInstance,
      Instant now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(key.eventNamespace())
        .endMetadata()
        .withEventTime(microTime(now))
        .withType(key.type().value())
        .withReason(key.reason())
        .withAction(key.action())
        .withNote(key.note())
        .withReportingController(reportingController)
        .withReportingInstance(reportingInstance)
        .withRegarding(
            new ObjectReferenceBuilder()
                .withApiVersion(key.apiVersion())
                .withKind(key.kind())
                .withNamespace(key.namespace())
                .withName(key.name())
                .withUid(key.uid())
                .build())
        .build();
  }

  /** The JSON merge patch that moves an Event's series to {@code count} occurrences. */
  static String seriesPatch(int count, Instant now) {
    return "{\"series\":{\"count\":"
        + count
        + ",\"lastObservedTime\":\""
        + microTime(now).getTime()
        + "\"}}";
  }

  /** {@code <regarding name>.<nanoseconds since the epoch in hex>}, as client-go names Events. */
  static String name(String regardingName, Instant now) {
    String suffix = "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    String base = regardingName == null || regardingName.isEmpty() ? "event" : regardingName;
    if (base.length() + suffix.length() > MAX_NAME) {
      base = base.substring(0, MAX_NAME - suffix.length());
    }
    return base + suffix;
  }

  static MicroTime microTime(Instant instant) {
    return new MicroTime(MICRO_TIME.format(instant));
  }

  static String cut(String value, int maxChars) {
    return value.length() <= maxChars ? value : value.substring(0, maxChars);
  }

  /** Cuts {@code value} to at most {@code maxBytes} of UTF-8 without splitting a character. */
  static String cutUtf8(String value, int maxBytes) {
    if (value.length() * 3 <= maxBytes
        || value.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return value;
    }
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.IGNORE)
            .onUnmappableCharacter(CodingErrorAction.IGNORE);
    ByteBuffer out = ByteBuffer.allocate(maxBytes);
    CharBuffer in = CharBuffer.wrap(value);
    encoder.encode(in, out, true);
    return value.substring(0, in.position());
  }
}
