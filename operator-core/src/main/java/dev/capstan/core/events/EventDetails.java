package dev.capstan.core.events;

import java.util.Objects;

/**
 * What happened, for an Event about an object: the fields a person reads in {@code kubectl events}.
 *
 * @param type Normal for expected transitions, Warning for what someone should act on
 * @param reason why, CamelCase, e.g. {@code ProgressDeadlineExceeded} (at most 128 characters)
 * @param action what the controller did or failed to do, e.g. {@code Rollout} (at most 128)
 * @param note a human-readable sentence (cut to 1 kB)
 */
public record EventDetails(EventType type, String reason, String action, String note) {

  public EventDetails {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(action, "action");
    note = note == null ? "" : note;
  }

  public static EventDetails normal(String reason, String action, String note) {
    return new EventDetails(EventType.NORMAL, reason, action, note);
  }

  public static EventDetails warning(String reason, String action, String note) {
    return new EventDetails(EventType.WARNING, reason, action, note);
  }
}
