package dev.capstan.core.apply;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Moved to the API module ({@link dev.capstan.crds.common.Quantities}), where the rendering of an
 * Application's pod template needs it too; this delegate keeps existing callers compiling.
 */
public final class Quantities {

  private Quantities() {}

  public static Quantity canonical(Quantity quantity) {
    return dev.capstan.crds.common.Quantities.canonical(quantity);
  }

  public static Map<String, Quantity> canonical(Map<String, Quantity> quantities) {
    return dev.capstan.crds.common.Quantities.canonical(quantities);
  }

  public static String canonical(String text) {
    return dev.capstan.crds.common.Quantities.canonical(text);
  }
}
