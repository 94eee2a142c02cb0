package dev.capstan.network.evaluation;

import java.util.Objects;

/** The destination port of a query: a number, or a container port name of the destination. */
public record PortRef(Integer number, String name) {

  public PortRef {
    if ((number == null) == (name == null)) {
      throw new IllegalArgumentException("a port is a number or a name");
    }
  }

  public static PortRef number(int number) {
    return new PortRef(number, null);
  }

  public static PortRef name(String name) {
    return new PortRef(null, Objects.requireNonNull(name));
  }

  public boolean isNamed() {
    return name != null;
  }

  @Override
  public String toString() {
    return isNamed() ? name : Integer.toString(number);
  }
}
