package dev.capstan.network.ip;

import java.util.Optional;

/** An IPv4 or IPv6 prefix such as 10.0.0.0/8, parsed strictly from its text form. */
public final class Cidr {

  private final IpAddress address;
  private final int prefixLength;
  private final String text;

  private Cidr(IpAddress address, int prefixLength, String text) {
    this.address = address;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /** The prefix, or empty when the text is not address/length. */
  public static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.length() - slash > 4) {
      return Optional.empty();
    }
    String bits = text.substring(slash + 1);
    if (!bits.chars().allMatch(Character::isDigit)
        || (bits.length() > 1 && bits.charAt(0) == '0')) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(bits);
    return IpAddress.parse(text.substring(0, slash))
        .filter(a -> prefix <= a.length() * 8)
        .map(a -> new Cidr(a, prefix, text));
  }

  /** Like {@link #parse} but throws on bad input; for constants and tests. */
  public static Cidr of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
  }

  public int prefixLength() {
    return prefixLength;
  }

  public boolean isV4() {
    return address.isV4();
  }

  /** True when no bit after the prefix is set: 10.0.0.0/8, not 10.1.0.0/8. */
  public boolean isNetworkAddress() {
    for (int i = prefixLength; i < address.length() * 8; i++) {
      if (address.bit(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether the address lies in this prefix (same family only). */
  public boolean contains(IpAddress ip) {
    if (ip.length() != address.length()) {
      return false;
    }
    for (int i = 0; i < prefixLength; i++) {
      if (ip.bit(i) != address.bit(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every address of other lies in this prefix. */
  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.address);
  }

  /** Whether the two prefixes share an address: then one contains the other. */
  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr
        && prefixLength == ((Cidr) o).prefixLength
        && address.equals(((Cidr) o).address);
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 31 + prefixLength;
  }

  /** The text it was parsed from. */
  @Override
  public String toString() {
    return text;
  }
}
