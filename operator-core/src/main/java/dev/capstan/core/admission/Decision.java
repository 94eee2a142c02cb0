package dev.capstan.core.admission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a validation: allowed or denied with an HTTP-like code and a message, plus
 * warnings for the client and audit annotations. The framework turns it into an {@code
 * AdmissionResponse}; a denial's code and message reach the client as {@code admission webhook "…"
 * denied the request: <message>}.
 *
 * <p>fabric8's {@code AdmissionResponse} is a mutable wire bean that also carries uid and patch;
 * this immutable value is what a pure decision returns.
 *
 * @param allowed whether the request is admitted
 * @param code 200 when allowed; for a denial an HTTP status code, 403 by default
 * @param message why the request was denied (null when allowed)
 * @param warnings warnings shown to the client (kubectl prints them); keep each short (≤120
 *     characters) and without a "Warning:" prefix
 * @param auditAnnotations annotations added to the audit event (keys are prefixed with the webhook
 *     name by the apiserver)
 */
public record Decision(
    boolean allowed,
    int code,
    String message,
    List<String> warnings,
    Map<String, String> auditAnnotations) {

  /** The code of a plain denial. */
  public static final int FORBIDDEN = 403;

  private static final Decision ALLOW = new Decision(true, 200, null, List.of(), Map.of());

  public Decision {
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
    auditAnnotations = Map.copyOf(auditAnnotations == null ? Map.of() : auditAnnotations);
    if (allowed) {
      code = 200;
    } else {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("a denial needs a 4xx or 5xx code, not " + code);
      }
      Objects.requireNonNull(message, "a denial needs a message");
    }
  }

  public static Decision allow() {
    return ALLOW;
  }

  /** Denied with 403 Forbidden. */
  public static Decision deny(String message) {
    return deny(FORBIDDEN, message);
  }

  public static Decision deny(int code, String message) {
    return new Decision(false, code, message, List.of(), Map.of());
  }

  public Decision withWarning(String warning) {
    return withWarnings(List.of(warning));
  }

  public Decision withWarnings(Collection<String> more) {
    List<String> all = new ArrayList<>(warnings);
    all.addAll(more);
    return new Decision(allowed, code, message, all, auditAnnotations);
  }

  public Decision withAuditAnnotation(String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(auditAnnotations);
    all.put(key, value);
    return new Decision(allowed, code, message, warnings, all);
  }
}
