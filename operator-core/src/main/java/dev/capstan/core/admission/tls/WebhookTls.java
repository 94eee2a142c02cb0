package dev.capstan.core.admission.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The complete TLS state of a webhook, as kept in its Secret: the CA that signs, a staged next CA
 * during a CA rotation, retired CAs still trusted, and the serving certificate.
 *
 * <p>The trust bundle (what goes into {@code caBundle}) holds the signer, the staged CA and the
 * retired ones: a new CA is trusted before anything presents a certificate it signed, and an old
 * one stays trusted while any server may still present a certificate it signed (until it expires),
 * so no handshake fails during a rotation.
 *
 * @param signer the CA that signed {@code serving}
 * @param staged the next CA, trusted but not yet signing; null outside a CA rotation
 * @param retired former signers, trusted until they expire
 * @param serving the certificate and key the server presents
 */
public record WebhookTls(
    CertificateAuthority signer,
    CertificateAuthority staged,
    List<X509Certificate> retired,
    ServingCertificate serving) {

  public WebhookTls {
    Objects.requireNonNull(signer, "signer");
    retired = List.copyOf(retired);
    Objects.requireNonNull(serving, "serving");
  }

  public boolean hasStagedCa() {
    return staged != null;
  }

  /** Signer, staged CA, retired CAs: the certificates a client must trust. */
  public List<X509Certificate> trustBundle() {
    List<X509Certificate> bundle = new ArrayList<>();
    bundle.add(signer.certificate());
    if (staged != null) {
      bundle.add(staged.certificate());
    }
    bundle.addAll(retired);
    return bundle;
  }

  /** {@link #trustBundle()} as PEM, the content of {@code ca.crt} and of {@code caBundle}. */
  public String caBundlePem() {
    return Pem.encodeCertificates(trustBundle());
  }

  public WebhookTls withServing(ServingCertificate next) {
    return new WebhookTls(signer, staged, retired, next);
  }

  public WebhookTls withStaged(CertificateAuthority next) {
    return new WebhookTls(signer, next, retired, serving);
  }

  /** Without the retired CAs that have expired at {@code now}. */
  public WebhookTls pruned(Instant now) {
    return new WebhookTls(
        signer, staged, retired.stream().filter(c -> !expired(c, now)).toList(), serving);
  }

  static boolean expired(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotAfter().toInstant());
  }
}
