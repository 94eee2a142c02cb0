package dev.capstan.core.admission.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.admission.tls.CertificateAuthority;
import dev.capstan.core.admission.tls.CertificateIssuer;
import dev.capstan.core.admission.tls.ServingCertificate;
import dev.capstan.core.admission.tls.ServingIdentity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RotatingKeyManagerTest {

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final CertificateAuthority ca = issuer.newCa("ca", Instant.now(), Duration.ofDays(1));

  private ServingCertificate serving() {
    return issuer.newServingCertificate(
        ca, ServingIdentity.forIpAddresses("127.0.0.1"), Instant.now(), Duration.ofHours(1));
  }

  @Test
  void anAliasChosenBeforeASwapStillResolvesToItsOwnCertificateAndKey() {
    ServingCertificate first = serving();
    RotatingKeyManager manager = new RotatingKeyManager(first);
    String chosen = manager.chooseEngineServerAlias("EC", null, null);

    ServingCertificate second = serving();
    manager.update(second);

    assertThat(manager.getCertificateChain(chosen)).containsExactly(first.leaf());
    assertThat(manager.getPrivateKey(chosen)).isEqualTo(first.key());
    String now = manager.chooseEngineServerAlias("EC", null, null);
    assertThat(now).isNotEqualTo(chosen);
    assertThat(manager.getCertificateChain(now)).containsExactly(second.leaf());
    assertThat(manager.getPrivateKey(now)).isEqualTo(second.key());
  }

  @Test
  void onlyMatchingKeyTypesAreOfferedAndOldGenerationsAreForgotten() {
    RotatingKeyManager manager = new RotatingKeyManager(serving());
    assertThat(manager.chooseEngineServerAlias("RSA", null, null)).isNull();
    String first = manager.chooseEngineServerAlias("EC", null, null);
    for (int i = 0; i < 4; i++) {
      manager.update(serving());
    }
    assertThat(manager.getCertificateChain(first)).isNull();
    assertThat(manager.getPrivateKey(null)).isNull();
  }
}
