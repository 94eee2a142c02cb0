package dev.capstan.core.apply;

import dev.capstan.core.ownership.ChildRef;
import dev.capstan.core.retry.PermanentReconcileException;
import java.util.List;

/**
 * A desired change to immutable fields that the chosen strategy will not make by recreating the
 * object. Permanent: the primary becomes {@code Stalled} with this message until its spec changes.
 */
public final class ImmutableFieldChangeException extends PermanentReconcileException {

  private static final long serialVersionUID = 1L;

  public static final String REASON = "ImmutableFieldChanged";

  private final transient List<String> fields;

  public ImmutableFieldChangeException(ChildRef child, List<String> fields) {
    super(REASON, message(child, fields));
    this.fields = List.copyOf(fields);
  }

  public List<String> fields() {
    return fields;
  }

  private static String message(ChildRef child, List<String> fields) {
    return child
        + ": "
        + String.join(", ", fields)
        + (fields.size() == 1 ? " is" : " are")
        + " immutable and the desired value differs. Revert the change, or delete the "
        + child.kind()
        + " so that it is created anew with the new value.";
  }
}
