package dev.capstan.crds.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected values are what kube-apiserver 1.36 stores for each input (checked on the local control
 * plane).
 */
class QuantitiesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.5, 500m",
    "500m, 500m",
    "1000m, 1",
    "1500m, 1500m",
    "1.5, 1500m",
    "2, 2",
    "2000, 2k",
    "1200, 1200",
    "0.1, 100m",
    "100m, 100m",
    "1024Mi, 1Gi",
    "1Gi, 1Gi",
    "1536Mi, 1536Mi",
    "128Mi, 128Mi",
    "1024, 1024",
    "1k, 1k",
    "1000k, 1M",
    "0, 0",
    "0Mi, 0",
    "512, 512",
    "1Ki, 1Ki",
    "0.5Gi, 512Mi",
    "1e3, 1e3",
    "1e6, 1e6",
    "1.5e3, 1500",
    "5Mi, 5Mi",
    "1M, 1M",
    "256Mi, 256Mi",
  })
  void canonicalFormMatchesTheApiserver(String input, String canonical) {
    assertThat(Quantities.canonical(input)).isEqualTo(canonical);
  }
}
