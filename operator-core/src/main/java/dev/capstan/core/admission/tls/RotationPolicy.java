package dev.capstan.core.admission.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, purely from the stored state and the time, what a webhook's TLS needs next. {@link
 * CertificateManager} applies one step at a time until the answer is {@link Action#NONE}.
 *
 * <p>A certificate is renewed when less than {@code renewFraction} of its lifetime is left (default
 * one third). Renewing a CA takes two steps so no handshake fails: {@link Action#STAGE_CA} adds a
 * new CA to the trust bundle while the old one still signs; once the bundle is published to every
 * webhook configuration and {@code propagationDelay} has passed (the apiserver picks up
 * configuration changes through a watch), {@link Action#PROMOTE_CA} makes the new CA sign a new
 * serving certificate and retires the old CA, which stays in the bundle until it expires.
 * cert-manager does the equivalent with its CA injector; JOSDK and fabric8 have nothing for it.
 *
 * @param caValidity lifetime of a new CA
 * @param servingValidity lifetime of a new serving certificate (capped at its CA's expiry)
 * @param renewFraction renew when less than this fraction of the lifetime is left (0 < f < 1)
 * @param propagationDelay how long a staged CA is published before it signs
 */
public record RotationPolicy(
    Duration caValidity,
    Duration servingValidity,
    double renewFraction,
    Duration propagationDelay) {

  /** What to do next. */
  public enum Action {
    /** Nothing usable is stored: create a CA and a serving certificate. */
    CREATE,
    /** Let the staged CA sign a new serving certificate; retire the old CA. */
    PROMOTE_CA,
    /** Create the next CA and add it to the trust bundle; the current CA keeps signing. */
    STAGE_CA,
    /** Issue a new serving certificate from the current CA. */
    REISSUE_SERVING,
    /** Drop expired retired CAs from the bundle. */
    PRUNE_RETIRED,
    /** Everything is current. */
    NONE
  }

  /** A decision and why, for logs and events. */
  public record Step(Action action, String reason) {}

  public RotationPolicy {
    Objects.requireNonNull(caValidity, "caValidity");
    Objects.requireNonNull(servingValidity, "servingValidity");
    Objects.requireNonNull(propagationDelay, "propagationDelay");
    if (!(renewFraction > 0 && renewFraction < 1)) {
      throw new IllegalArgumentException("renewFraction must be between 0 and 1: " + renewFraction);
    }
    if (caValidity.compareTo(servingValidity) < 0) {
      throw new IllegalArgumentException(
          "the CA must live at least as long as serving certificates");
    }
  }

  /** CA 2 years, serving certificate 90 days, renew at one third left, 2 minutes propagation. */
  public static RotationPolicy defaults() {
    return new RotationPolicy(
        Duration.ofDays(730), Duration.ofDays(90), 1.0 / 3, Duration.ofMinutes(2));
  }

  /**
   * The next step for {@code current} (null when nothing usable is stored).
   *
   * @param bundlePublished whether every webhook configuration carries {@code
   *     current.caBundlePem()} (vacuously true when there are none to inject)
   */
  public Step next(
      WebhookTls current, ServingIdentity identity, Instant now, boolean bundlePublished) {
    if (current == null) {
      return new Step(Action.CREATE, "no usable certificates are stored");
    }
    X509Certificate signer = current.signer().certificate();
    if (WebhookTls.expired(signer, now)) {
      return current.hasStagedCa()
          ? new Step(Action.PROMOTE_CA, "the CA expired; promoting the staged CA at once")
          : new Step(Action.CREATE, "the CA expired on " + signer.getNotAfter().toInstant());
    }
    if (current.hasStagedCa()) {
      Instant trustedSince = stagedAt(current.staged().certificate());
      if (bundlePublished && !now.isBefore(trustedSince.plus(propagationDelay))) {
        return new Step(Action.PROMOTE_CA, "the staged CA has been trusted since " + trustedSince);
      }
    } else if (needsRenewal(signer, now)) {
      return new Step(Action.STAGE_CA, "the CA expires on " + signer.getNotAfter().toInstant());
    }
    X509Certificate leaf = current.serving().leaf();
    if (!CertificateIssuer.signedBy(leaf, signer)) {
      return new Step(Action.REISSUE_SERVING, "the serving certificate is not signed by the CA");
    }
    if (!sameNames(leaf, identity)) {
      return new Step(
          Action.REISSUE_SERVING,
          "the serving certificate's names "
              + CertificateIssuer.dnsNames(leaf)
              + CertificateIssuer.ipAddresses(leaf)
              + " differ from "
              + identity.dnsNames()
              + identity.ipAddresses());
    }
    if (WebhookTls.expired(leaf, now) || needsRenewal(leaf, now)) {
      return new Step(
          Action.REISSUE_SERVING,
          "the serving certificate expires on " + leaf.getNotAfter().toInstant());
    }
    if (current.retired().stream().anyMatch(c -> WebhookTls.expired(c, now))) {
      return new Step(Action.PRUNE_RETIRED, "a retired CA has expired");
    }
    return new Step(Action.NONE, "certificates are current");
  }

  /**
   * Whether less than {@code renewFraction} of the certificate's lifetime is left at {@code now}.
   */
  public boolean needsRenewal(X509Certificate certificate, Instant now) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    long lifetime = Duration.between(notBefore, notAfter).toSeconds();
    long left = Duration.between(now, notAfter).toSeconds();
    return left < lifetime * renewFraction;
  }

  /**
   * The latest time a staged CA can have been created: its validity starts {@link
   * CertificateIssuer#BACKDATE} earlier, truncated to the second.
   */
  static Instant stagedAt(X509Certificate staged) {
    return staged.getNotBefore().toInstant().plus(CertificateIssuer.BACKDATE).plusSeconds(1);
  }

  private static boolean sameNames(X509Certificate leaf, ServingIdentity identity) {
    return new HashSet<>(CertificateIssuer.dnsNames(leaf))
            .equals(new HashSet<>(identity.dnsNames()))
        && normalized(CertificateIssuer.ipAddresses(leaf))
            .equals(normalized(identity.ipAddresses()));
  }

  private static Set<String> normalized(List<String> ipAddresses) {
    return ipAddresses.stream().map(RotationPolicy::normalize).collect(Collectors.toSet());
  }

  private static String normalize(String ip) {
    try {
      // A literal is parsed, never resolved.
      return InetAddress.getByName(ip).getHostAddress();
    } catch (UnknownHostException e) {
      return ip;
    }
  }
}
