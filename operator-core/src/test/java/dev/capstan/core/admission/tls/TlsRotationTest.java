package dev.capstan.core.admission.tls;

import static dev.capstan.core.admission.tls.CertificateIssuerTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.admission.tls.RotationPolicy.Action;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A whole CA rotation, step by step, as the manager drives it. */
class TlsRotationTest {

  private static final Duration CA = Duration.ofDays(300);
  private static final Duration DELAY = Duration.ofMinutes(2);

  private final RotationPolicy policy = new RotationPolicy(CA, Duration.ofDays(30), 1.0 / 3, DELAY);
  private final TlsRotation rotation =
      new TlsRotation(policy, new CertificateIssuer(), "capstan-ca");
  private final ServingIdentity identity = ServingIdentity.forIpAddresses("127.0.0.1");

  @Test
  void caRotationKeepsEveryPresentedCertificateTrusted() {
    WebhookTls created = rotation.apply(Action.CREATE, null, identity, NOW);
    assertThat(created.trustBundle()).containsExactly(created.signer().certificate());
    assertThat(policy.next(created, identity, NOW, true).action()).isEqualTo(Action.NONE);

    // 1. With a third of the CA's life left, a new CA is staged: trusted, not yet signing.
    Instant late = NOW.plus(Duration.ofDays(201));
    assertThat(policy.next(created, identity, late, true).action()).isEqualTo(Action.STAGE_CA);
    WebhookTls staged = rotation.apply(Action.STAGE_CA, created, identity, late);
    assertThat(staged.serving()).isEqualTo(created.serving());
    assertThat(staged.trustBundle())
        .containsExactly(created.signer().certificate(), staged.staged().certificate());
    assertThat(trusts(staged, created.serving().leaf())).isTrue();

    // 2. Published and propagated: the staged CA signs a new serving certificate, the old CA
    // retires.
    Instant promoted = late.plus(DELAY).plusSeconds(1);
    assertThat(policy.next(staged, identity, promoted, true).action()).isEqualTo(Action.PROMOTE_CA);
    WebhookTls rotated = rotation.apply(Action.PROMOTE_CA, staged, identity, promoted);
    assertThat(rotated.signer()).isEqualTo(staged.staged());
    assertThat(rotated.hasStagedCa()).isFalse();
    assertThat(CertificateIssuer.signedBy(rotated.serving().leaf(), rotated.signer().certificate()))
        .isTrue();
    assertThat(rotated.retired()).containsExactly(created.signer().certificate());
    // Both the old certificate (still presented by other replicas) and the new one are trusted.
    assertThat(trusts(rotated, created.serving().leaf())).isTrue();
    assertThat(trusts(rotated, rotated.serving().leaf())).isTrue();
    assertThat(policy.next(rotated, identity, promoted, true).action()).isEqualTo(Action.NONE);

    // 3. When the old CA expires, it leaves the bundle.
    Instant oldExpired = created.signer().certificate().getNotAfter().toInstant().plusSeconds(1);
    WebhookTls renewedServing = rotated;
    Action next = policy.next(renewedServing, identity, oldExpired, true).action();
    while (next != Action.NONE) {
      renewedServing = rotation.apply(next, renewedServing, identity, oldExpired);
      next = policy.next(renewedServing, identity, oldExpired, true).action();
    }
    assertThat(renewedServing.retired()).isEmpty();
    assertThat(renewedServing.trustBundle()).containsExactly(rotated.signer().certificate());
  }

  @Test
  void reissueKeepsTheCaAndChangesTheKey() {
    WebhookTls created = rotation.apply(Action.CREATE, null, identity, NOW);
    WebhookTls reissued =
        rotation.apply(Action.REISSUE_SERVING, created, identity, NOW.plusSeconds(5));
    assertThat(reissued.signer()).isEqualTo(created.signer());
    assertThat(reissued.trustBundle()).isEqualTo(created.trustBundle());
    assertThat(reissued.serving().key()).isNotEqualTo(created.serving().key());
    assertThat(
            CertificateIssuer.signedBy(reissued.serving().leaf(), created.signer().certificate()))
        .isTrue();
  }

  private static boolean trusts(WebhookTls tls, X509Certificate leaf) {
    return tls.trustBundle().stream().anyMatch(ca -> CertificateIssuer.signedBy(leaf, ca));
  }
}
