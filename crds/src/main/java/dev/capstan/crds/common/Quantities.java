package dev.capstan.crds.common;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites resource quantities in the canonical form the apiserver stores ({@code 0.5} → {@code
 * 500m}, {@code 1024Mi} → {@code 1Gi}). Desired state must be canonical: JOSDK's server-side-apply
 * matcher compares what we would send with what is stored, so a user's {@code 0.5} would look like
 * drift on every reconcile and cause a write each time. Mirrors {@code resource.Quantity}'s
 * canonical serialisation in k8s.io/apimachinery.
 */
public final class Quantities {

  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger KIBI = BigInteger.valueOf(1024);
  private static final int MIN_DECIMAL_EXPONENT = -9;
  private static final int MAX_DECIMAL_EXPONENT = 18;

  private Quantities() {}

  public static Quantity canonical(Quantity quantity) {
    if (quantity == null) {
      return null;
    }
    return new Quantity(canonical(quantity.toString()));
  }

  /** Canonical copies of every quantity in a map (null stays null). */
  public static Map<String, Quantity> canonical(Map<String, Quantity> quantities) {
    if (quantities == null) {
      return null;
    }
    Map<String, Quantity> result = new LinkedHashMap<>();
    quantities.forEach((name, q) -> result.put(name, canonical(q)));
    return result;
  }

  /**
   * The canonical string of a quantity such as {@code 0.5}, {@code 1500m}, {@code 1024Mi} or {@code
   * 1e3}.
   */
  public static String canonical(String text) {
    Quantity parsed = new Quantity(text.trim());
    String format = parsed.getFormat() == null ? "" : parsed.getFormat();
    // The apiserver keeps sub-nano precision nowhere: it rounds up to the next nano unit.
    BigDecimal value =
        Quantity.getAmountInBytes(parsed)
            .setScale(-MIN_DECIMAL_EXPONENT, RoundingMode.UP)
            .stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    if (format.endsWith("i")
        && value.abs().compareTo(BigDecimal.valueOf(1024)) >= 0
        && isInteger(value)) {
      return binary(value.toBigIntegerExact());
    }
    boolean exponentForm = format.startsWith("e") || format.startsWith("E");
    return decimal(value, exponentForm);
  }

  private static String binary(BigInteger value) {
    int power = 0;
    while (power < BINARY_SUFFIXES.length - 1 && value.mod(KIBI).signum() == 0) {
      value = value.divide(KIBI);
      power++;
    }
    return value + BINARY_SUFFIXES[power];
  }

  private static String decimal(BigDecimal value, boolean exponentForm) {
    for (int exponent = MAX_DECIMAL_EXPONENT; exponent >= MIN_DECIMAL_EXPONENT; exponent -= 3) {
      BigDecimal mantissa = value.movePointLeft(exponent);
      if (isInteger(mantissa)) {
        String digits = mantissa.toBigIntegerExact().toString();
        if (exponentForm) {
          return exponent == 0 ? digits : digits + "e" + exponent;
        }
        return digits + decimalSuffix(exponent);
      }
    }
    throw new IllegalStateException(
        "a value rounded to nano units always has an integer nano mantissa");
  }

  private static String decimalSuffix(int exponent) {
    return switch (exponent) {
      case -9 -> "n";
      case -6 -> "u";
      case -3 -> "m";
      case 0 -> "";
      case 3 -> "k";
      case 6 -> "M";
      case 9 -> "G";
      case 12 -> "T";
      case 15 -> "P";
      case 18 -> "E";
      default -> throw new IllegalArgumentException("no SI suffix for 10^" + exponent);
    };
  }

  private static boolean isInteger(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }
}
