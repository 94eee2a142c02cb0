package dev.capstan.core.admission.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA that can sign: its certificate and private key.
 *
 * @param certificate the self-signed CA certificate
 * @param key its private key
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {

  public CertificateAuthority {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
  }
}
