package dev.capstan.network.ip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "0.0.0.0/0",
        "192.168.1.7/32",
        "2001:db8::/32",
        "::/0",
        "::1/128",
        "fe80::1:2:3:4/64",
        "1:2:3:4:5:6:7:8/128",
        "::ffff:10.0.0.0/104"
      })
  void parsesValidCidrs(String text) {
    assertThat(Cidr.parse(text)).map(Cidr::toString).hasValue(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "10.0.0/8",
        "10.0.0.256/32",
        "010.0.0.0/8",
        "10.0.0.0/08",
        "example.com/8",
        "1::2::3/64",
        "1:2:3:4:5:6:7:8:9/128",
        "2001:db8::/129",
        ":1/128",
        "fe80::1%eth0/64",
        "/8",
        "10.0.0.0/"
      })
  void rejectsInvalidCidrs(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "10.1.0.0/16, 10.1.255.255, true",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, 2001:db8::1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "10.1.2.3/32, 10.1.2.3, true",
    "10.1.2.3/32, 10.1.2.4, false"
  })
  void containsAddresses(String cidr, String ip, boolean expected) {
    assertThat(Cidr.of(cidr).contains(IpAddress.parse(ip).orElseThrow())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.244.0.0/16, true, true",
    "10.244.0.0/16, 10.0.0.0/8, false, true",
    "10.244.0.0/16, 10.245.0.0/16, false, false",
    "0.0.0.0/0, 10.244.0.0/16, true, true"
  })
  void containsAndOverlaps(String a, String b, boolean contains, boolean overlaps) {
    assertThat(Cidr.of(a).contains(Cidr.of(b))).isEqualTo(contains);
    assertThat(Cidr.of(a).overlaps(Cidr.of(b))).isEqualTo(overlaps);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, true",
    "10.1.0.0/8, false",
    "2001:db8::/32, true",
    "2001:db8::1/32, false"
  })
  void networkAddress(String cidr, boolean expected) {
    assertThat(Cidr.of(cidr).isNetworkAddress()).isEqualTo(expected);
  }
}
