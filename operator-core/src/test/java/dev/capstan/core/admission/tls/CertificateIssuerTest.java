package dev.capstan.core.admission.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final CertificateIssuer issuer = new CertificateIssuer();

  @Test
  void caIsASelfSignedSigningCaWithTheRequestedValidity() throws Exception {
    CertificateAuthority ca = issuer.newCa("capstan-test-ca", NOW, Duration.ofDays(365));
    X509Certificate cert = ca.certificate();

    assertThat(cert.getBasicConstraints()).isEqualTo(0);
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    assertThat(cert.getSubjectX500Principal().getName()).startsWith("CN=capstan-test-ca@");
    cert.verify(cert.getPublicKey());
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.BACKDATE));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(CertificateIssuer.keyMatches(cert, ca.key())).isTrue();
  }

  @Test
  void servingCertificateCarriesServiceNamesAndIpsAndChainsToTheCa() throws Exception {
    CertificateAuthority ca = issuer.newCa("ca", NOW, Duration.ofDays(365));
    ServingIdentity identity =
        ServingIdentity.forService("capstan-webhooks", "capstan-system")
            .withIpAddresses("127.0.0.1");

    ServingCertificate serving =
        issuer.newServingCertificate(ca, identity, NOW, Duration.ofDays(30));
    X509Certificate leaf = serving.leaf();

    assertThat(CertificateIssuer.dnsNames(leaf))
        .containsExactly(
            "capstan-webhooks.capstan-system.svc",
            "capstan-webhooks.capstan-system.svc.cluster.local");
    assertThat(CertificateIssuer.ipAddresses(leaf)).containsExactly("127.0.0.1");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(CertificateIssuer.signedBy(leaf, ca.certificate())).isTrue();
    assertThat(CertificateIssuer.keyMatches(leaf, serving.key())).isTrue();
    assertThat(CertificateIssuer.keyMatches(leaf, ca.key())).isFalse();

    // The JDK's PKIX validation accepts the chain at NOW.
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(NOW));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  @Test
  void servingCertificateNeverOutlivesItsCa() {
    CertificateAuthority ca = issuer.newCa("ca", NOW, Duration.ofDays(10));
    ServingCertificate serving =
        issuer.newServingCertificate(
            ca, ServingIdentity.forIpAddresses("127.0.0.1"), NOW, Duration.ofDays(90));
    assertThat(serving.leaf().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void otherCaDoesNotVerify() {
    CertificateAuthority ca = issuer.newCa("ca", NOW, Duration.ofDays(10));
    CertificateAuthority other = issuer.newCa("ca", NOW, Duration.ofDays(10));
    ServingCertificate serving =
        issuer.newServingCertificate(
            ca, ServingIdentity.forIpAddresses("127.0.0.1"), NOW, Duration.ofDays(1));
    assertThat(CertificateIssuer.signedBy(serving.leaf(), other.certificate())).isFalse();
  }

  @Test
  void pemRoundTrips() {
    CertificateAuthority ca = issuer.newCa("ca", NOW, Duration.ofDays(10));
    ServingCertificate serving =
        issuer.newServingCertificate(
            ca, ServingIdentity.forIpAddresses("::1"), NOW, Duration.ofDays(1));

    String chain = Pem.encodeCertificates(List.of(serving.leaf(), ca.certificate()));
    assertThat(chain).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(serving.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");

    ServingCertificate back = ServingCertificate.fromPem(chain, serving.privateKeyPem());
    assertThat(back.chain()).containsExactly(serving.leaf(), ca.certificate());
    assertThat(back.key()).isEqualTo(serving.key());
    assertThat(CertificateIssuer.ipAddresses(back.leaf())).containsExactly("0:0:0:0:0:0:0:1");
  }

  @Test
  void identityRejectsNonIpAddressesAndEmptyNames() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServingIdentity.forIpAddresses("localhost"))
        .hasMessageContaining("not an IP");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ServingIdentity(List.of(), List.of()))
        .hasMessageContaining("at least one name");
  }
}
