package dev.capstan.core.admission;

import java.util.Locale;

/**
 * The operation of an admission request. fabric8's model carries it as a plain string; an enum lets
 * decisions switch over it exhaustively.
 */
public enum Operation {
  CREATE,
  UPDATE,
  DELETE,
  CONNECT;

  /** Parses the wire value ({@code "CREATE"}, …); throws for anything else. */
  public static Operation parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("request.operation is missing");
    }
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown request.operation '" + value + "'", e);
    }
  }
}
