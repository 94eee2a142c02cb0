package dev.capstan.network.compile;

/**
 * Something the compiler could not (fully) realise. ERROR: part of the intent is unsatisfiable or
 * conflicts with another intent, and that part was left out (never in a way that allows more than
 * asked) - a Stalled condition. WARNING: compiled, but with a caveat the owner should read.
 */
public record Problem(Severity severity, String field, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public static Problem error(String field, String message) {
    return new Problem(Severity.ERROR, field, message);
  }

  public static Problem warning(String field, String message) {
    return new Problem(Severity.WARNING, field, message);
  }

  @Override
  public String toString() {
    return severity + " " + field + ": " + message;
  }
}
