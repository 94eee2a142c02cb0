package dev.capstan.core.admission.tls;

import static dev.capstan.core.admission.tls.CertificateIssuerTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsSecretTest {

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final ServingIdentity identity = ServingIdentity.forService("hooks", "ops");

  @Test
  void roundTripsSignerStagedRetiredAndServing() {
    CertificateAuthority signer = issuer.newCa("ca", NOW, Duration.ofDays(30));
    CertificateAuthority staged = issuer.newCa("ca", NOW.plusSeconds(1), Duration.ofDays(30));
    CertificateAuthority retired = issuer.newCa("ca", NOW.minusSeconds(1), Duration.ofDays(30));
    ServingCertificate serving =
        issuer.newServingCertificate(signer, identity, NOW, Duration.ofDays(1));
    WebhookTls tls = new WebhookTls(signer, staged, List.of(retired.certificate()), serving);

    Secret secret = TlsSecret.toSecret("ops", "hooks-tls", Map.of("app", "capstan"), tls);

    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app", "capstan");
    assertThat(secret.getData())
        .containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key", "next-ca.key");
    assertThat(decode(secret, "ca.crt")).isEqualTo(tls.caBundlePem());
    assertThat(Pem.decodeCertificates(decode(secret, "ca.crt")))
        .containsExactly(signer.certificate(), staged.certificate(), retired.certificate());

    WebhookTls back = TlsSecret.fromSecret(secret);

    assertThat(back.signer().certificate()).isEqualTo(signer.certificate());
    assertThat(back.signer().key()).isEqualTo(signer.key());
    assertThat(back.staged().certificate()).isEqualTo(staged.certificate());
    assertThat(back.retired()).containsExactly(retired.certificate());
    assertThat(back.serving().leaf()).isEqualTo(serving.leaf());
    assertThat(back.trustBundle()).isEqualTo(tls.trustBundle());
  }

  @Test
  void withoutStagedCaThereIsNoNextKey() {
    CertificateAuthority signer = issuer.newCa("ca", NOW, Duration.ofDays(30));
    WebhookTls tls =
        new WebhookTls(
            signer,
            null,
            List.of(),
            issuer.newServingCertificate(signer, identity, NOW, Duration.ofDays(1)));
    Secret secret = TlsSecret.toSecret("ops", "s", Map.of(), tls);
    assertThat(secret.getData()).doesNotContainKey("next-ca.key");
    assertThat(TlsSecret.fromSecret(secret).hasStagedCa()).isFalse();
  }

  @Test
  void incompleteOrInconsistentSecretsAreRejectedWithAReason() {
    CertificateAuthority signer = issuer.newCa("ca", NOW, Duration.ofDays(30));
    CertificateAuthority other = issuer.newCa("ca", NOW, Duration.ofDays(30));
    WebhookTls tls =
        new WebhookTls(
            signer,
            null,
            List.of(),
            issuer.newServingCertificate(signer, identity, NOW, Duration.ofDays(1)));
    Secret good = TlsSecret.toSecret("ops", "s", Map.of(), tls);

    Secret noCaKey = copy(good);
    noCaKey.getData().remove("ca.key");
    assertThatThrownBy(() -> TlsSecret.fromSecret(noCaKey)).hasMessageContaining("no ca.key");

    Secret foreignCaKey = copy(good);
    foreignCaKey.getData().put("ca.key", base64(Pem.encodePrivateKey(other.key())));
    assertThatThrownBy(() -> TlsSecret.fromSecret(foreignCaKey))
        .hasMessageContaining("belongs to no certificate");

    Secret wrongServingKey = copy(good);
    wrongServingKey.getData().put("tls.key", base64(Pem.encodePrivateKey(other.key())));
    assertThatThrownBy(() -> TlsSecret.fromSecret(wrongServingKey))
        .hasMessageContaining("does not belong");

    Secret garbage = copy(good);
    garbage.getData().put("tls.crt", base64("not pem at all"));
    assertThatThrownBy(() -> TlsSecret.fromSecret(garbage))
        .isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> TlsSecret.fromSecret(new Secret())).hasMessageContaining("no tls.crt");
  }

  private static Secret copy(Secret secret) {
    Secret copy = new Secret();
    copy.setData(new HashMap<>(secret.getData()));
    return copy;
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
