package dev.capstan.core.admission.tls;

import static dev.capstan.core.admission.tls.CertificateIssuerTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.core.admission.tls.RotationPolicy.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {

  private static final Duration CA = Duration.ofDays(300);
  private static final Duration SERVING = Duration.ofDays(30);
  private static final Duration DELAY = Duration.ofMinutes(2);

  private final RotationPolicy policy = new RotationPolicy(CA, SERVING, 1.0 / 3, DELAY);
  private final CertificateIssuer issuer = new CertificateIssuer();
  private final ServingIdentity identity =
      ServingIdentity.forService("hooks", "ops").withIpAddresses("127.0.0.1");

  private WebhookTls fresh(Instant at) {
    CertificateAuthority ca = issuer.newCa("ca", at, CA);
    return new WebhookTls(
        ca, null, List.of(), issuer.newServingCertificate(ca, identity, at, SERVING));
  }

  private Action next(WebhookTls tls, Instant now, boolean published) {
    return policy.next(tls, identity, now, published).action();
  }

  @Test
  void nothingStoredCreates() {
    assertThat(next(null, NOW, false)).isEqualTo(Action.CREATE);
  }

  @Test
  void freshCertificatesNeedNothing() {
    RotationPolicy.Step step = policy.next(fresh(NOW), identity, NOW.plusSeconds(60), true);
    assertThat(step.action()).isEqualTo(Action.NONE);
    assertThat(step.reason()).isEqualTo("certificates are current");
  }

  @Test
  void servingCertificateIsRenewedWithAThirdOfItsLifetimeLeft() {
    WebhookTls tls = fresh(NOW);
    Instant notBefore = tls.serving().leaf().getNotBefore().toInstant();
    Instant notAfter = tls.serving().leaf().getNotAfter().toInstant();
    Duration lifetime = Duration.between(notBefore, notAfter);
    Instant twoThirds = notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));

    assertThat(next(tls, twoThirds.minusSeconds(60), true)).isEqualTo(Action.NONE);
    assertThat(next(tls, twoThirds.plusSeconds(60), true)).isEqualTo(Action.REISSUE_SERVING);
    assertThat(next(tls, notAfter.plusSeconds(1), true)).isEqualTo(Action.REISSUE_SERVING);
  }

  @Test
  void changedNamesOrAForeignSignerReissueTheServingCertificate() {
    WebhookTls tls = fresh(NOW);
    assertThat(policy.next(tls, identity.withDnsNames("extra.example"), NOW, true).action())
        .isEqualTo(Action.REISSUE_SERVING);
    assertThat(policy.next(tls, ServingIdentity.forService("hooks", "ops"), NOW, true).action())
        .as("an IP removed")
        .isEqualTo(Action.REISSUE_SERVING);

    WebhookTls foreign = tls.withServing(fresh(NOW).serving());
    RotationPolicy.Step step = policy.next(foreign, identity, NOW, true);
    assertThat(step.action()).isEqualTo(Action.REISSUE_SERVING);
    assertThat(step.reason()).contains("not signed by the CA");
  }

  @Test
  void ipv6NamesCompareByValueNotSpelling() {
    ServingIdentity v6 = ServingIdentity.forIpAddresses("::1");
    CertificateAuthority ca = issuer.newCa("ca", NOW, CA);
    WebhookTls tls =
        new WebhookTls(ca, null, List.of(), issuer.newServingCertificate(ca, v6, NOW, SERVING));
    assertThat(policy.next(tls, v6, NOW, true).action()).isEqualTo(Action.NONE);
  }

  @Test
  void caWithAThirdOfItsLifetimeLeftIsStagedNotReplaced() {
    WebhookTls tls = fresh(NOW);
    Instant late = NOW.plus(Duration.ofDays(201));
    assertThat(next(tls, NOW.plus(Duration.ofDays(199)), true)).isNotEqualTo(Action.STAGE_CA);
    assertThat(next(tls, late, true)).isEqualTo(Action.STAGE_CA);
  }

  @Test
  void stagedCaIsPromotedOnlyWhenPublishedAndAfterThePropagationDelay() {
    Instant stagedAt = NOW.plus(Duration.ofDays(201));
    WebhookTls tls = fresh(NOW).withStaged(issuer.newCa("ca", stagedAt, CA));

    // Certificates carry whole seconds: the creation time is known to within one second.
    Instant due = stagedAt.plus(DELAY).plusSeconds(1);
    assertThat(next(tls, due.minusSeconds(1), true)).isNotEqualTo(Action.PROMOTE_CA);
    assertThat(next(tls, due, false)).isNotEqualTo(Action.PROMOTE_CA);
    assertThat(next(tls, due, true)).isEqualTo(Action.PROMOTE_CA);
  }

  @Test
  void whileStagedTheOldCaIsNotStagedAgain() {
    Instant stagedAt = NOW.plus(Duration.ofDays(201));
    WebhookTls tls = fresh(NOW).withStaged(issuer.newCa("ca", stagedAt, CA));
    assertThat(next(tls, stagedAt.plusSeconds(1), false)).isNotEqualTo(Action.STAGE_CA);
  }

  @Test
  void expiredCaPromotesAStagedOneAtOnceOrStartsOver() {
    WebhookTls tls = fresh(NOW);
    Instant expired = NOW.plus(CA).plusSeconds(1);
    assertThat(next(tls, expired, true)).isEqualTo(Action.CREATE);

    WebhookTls staged = tls.withStaged(issuer.newCa("ca", expired.minusSeconds(10), CA));
    assertThat(next(staged, expired, false)).isEqualTo(Action.PROMOTE_CA);
  }

  @Test
  void expiredRetiredCasArePruned() {
    CertificateAuthority old =
        issuer.newCa("ca", NOW.minus(Duration.ofDays(10)), Duration.ofDays(5));
    WebhookTls tls = fresh(NOW);
    WebhookTls withRetired =
        new WebhookTls(tls.signer(), null, List.of(old.certificate()), tls.serving());
    assertThat(next(withRetired, NOW, true)).isEqualTo(Action.PRUNE_RETIRED);
  }

  @Test
  void needsRenewalBoundary() {
    CertificateAuthority ca =
        issuer.newCa("ca", NOW, Duration.ofDays(3).minus(CertificateIssuer.BACKDATE));
    // Lifetime is exactly 3 days from notBefore; renewal starts when 1 day is left.
    Instant notAfter = ca.certificate().getNotAfter().toInstant();
    assertThat(policy.needsRenewal(ca.certificate(), notAfter.minus(Duration.ofDays(1)))).isFalse();
    assertThat(
            policy.needsRenewal(
                ca.certificate(), notAfter.minus(Duration.ofDays(1)).plusSeconds(1)))
        .isTrue();
  }

  @Test
  void invalidPoliciesAreRejected() {
    assertThatThrownBy(() -> new RotationPolicy(CA, SERVING, 1.0, DELAY))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> new RotationPolicy(SERVING, CA, 0.5, DELAY))
        .hasMessageContaining("at least as long");
    assertThat(RotationPolicy.defaults().renewFraction()).isEqualTo(1.0 / 3);
  }
}
