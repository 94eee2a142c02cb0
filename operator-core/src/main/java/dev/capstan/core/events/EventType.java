package dev.capstan.core.events;

/** The two Event types the API server accepts. */
public enum EventType {
  NORMAL("Normal"),
  WARNING("Warning");

  private final String value;

  EventType(String value) {
    this.value = value;
  }

  /** As written to the Event's {@code type}. */
  public String value() {
    return value;
  }
}
