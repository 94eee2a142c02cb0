package dev.capstan.network.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address parsed from its text form, without name lookups. Strict: no leading zeros
 * in IPv4 octets, no zone ids; an IPv4-mapped IPv6 address stays IPv6.
 */
public final class IpAddress {

  private final byte[] bytes;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The address, or empty when the text is not an IP address. */
  public static Optional<IpAddress> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    byte[] parsed = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    return Optional.ofNullable(parsed).map(IpAddress::new);
  }

  /** 4 for IPv4, 16 for IPv6. */
  public int length() {
    return bytes.length;
  }

  /** Whether the address is IPv4. */
  public boolean isV4() {
    return bytes.length == 4;
  }

  int bit(int index) {
    return (bytes[index / 8] >> (7 - index % 8)) & 1;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  static byte[] parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int value = 0;
      for (char c : p.toCharArray()) {
        if (c < '0' || c > '9') {
          return null;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  static byte[] parseV6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    List<Integer> headGroups = groups(head, doubleColon < 0);
    List<Integer> tailGroups = groups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.size() + tailGroups.size();
    if (doubleColon >= 0 ? total > 7 : total != 8) {
      return null;
    }
    int[] all = new int[8];
    for (int i = 0; i < headGroups.size(); i++) {
      all[i] = headGroups.get(i);
    }
    for (int i = 0; i < tailGroups.size(); i++) {
      all[8 - tailGroups.size() + i] = tailGroups.get(i);
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** 16-bit groups of one side of "::"; the last group may be dotted IPv4 when allowed. */
  private static List<Integer> groups(String side, boolean mayEndInV4) {
    List<Integer> out = new ArrayList<>();
    if (side.isEmpty()) {
      return out;
    }
    String[] parts = side.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && mayEndInV4 && p.indexOf('.') >= 0) {
        byte[] v4 = parseV4(p);
        if (v4 == null) {
          return null;
        }
        out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int value = 0;
      for (char c : p.toCharArray()) {
        int digit = Character.digit(c, 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      out.add(value);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress && Arrays.equals(bytes, ((IpAddress) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (isV4()) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff)));
    }
    return sb.toString();
  }
}
