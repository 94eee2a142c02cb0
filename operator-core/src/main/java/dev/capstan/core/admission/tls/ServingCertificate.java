package dev.capstan.core.admission.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The key material a webhook server presents: the certificate chain (leaf first) and its private
 * key. The JDK keeps these in a KeyStore and Vert.x in options objects; this value is what the
 * certificate sources here hand to {@link dev.capstan.core.admission.server.WebhookServer}.
 *
 * @param chain leaf first
 * @param key the leaf's private key
 */
public record ServingCertificate(List<X509Certificate> chain, PrivateKey key) {

  public ServingCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least the leaf");
    }
    Objects.requireNonNull(key, "key");
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public String certificateChainPem() {
    return Pem.encodeCertificates(chain);
  }

  public String privateKeyPem() {
    return Pem.encodePrivateKey(key);
  }

  /** Reads a chain and a key from PEM text (e.g. {@code tls.crt} and {@code tls.key}). */
  public static ServingCertificate fromPem(String chainPem, String keyPem) {
    return new ServingCertificate(Pem.decodeCertificates(chainPem), Pem.decodePrivateKey(keyPem));
  }
}
