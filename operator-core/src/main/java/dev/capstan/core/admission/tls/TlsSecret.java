package dev.capstan.core.admission.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link WebhookTls} to and from a Secret of type {@code kubernetes.io/tls}: {@code tls.crt}
 * and {@code tls.key} (the serving certificate, as any TLS consumer expects), {@code ca.crt} (the
 * trust bundle), {@code ca.key} (the signer's key) and, during a CA rotation, {@code next-ca.key}.
 * Which CA in {@code ca.crt} a key belongs to is found by matching keys, so the layout stays
 * readable by tools that only know {@code ca.crt}. (Kept in one Secret, like
 * open-policy-agent/cert-controller does; whoever can read the serving key can read the CA key.)
 */
public final class TlsSecret {

  public static final String TYPE = "kubernetes.io/tls";
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String NEXT_CA_KEY = "next-ca.key";

  private TlsSecret() {}

  /** A Secret holding {@code tls}; metadata beyond name, namespace and labels is left out. */
  public static Secret toSecret(
      String namespace, String name, Map<String, String> labels, WebhookTls tls) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
        .endMetadata()
        .withType(TYPE)
        .withData(data(tls))
        .build();
  }

  /** The Secret's {@code data} (base64 values) for {@code tls}. */
  public static Map<String, String> data(WebhookTls tls) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, base64(tls.serving().certificateChainPem()));
    data.put(TLS_KEY, base64(tls.serving().privateKeyPem()));
    data.put(CA_CRT, base64(tls.caBundlePem()));
    data.put(CA_KEY, base64(Pem.encodePrivateKey(tls.signer().key())));
    if (tls.hasStagedCa()) {
      data.put(NEXT_CA_KEY, base64(Pem.encodePrivateKey(tls.staged().key())));
    }
    return data;
  }

  /**
   * Reads the state back; throws {@link IllegalArgumentException} naming what is missing or
   * inconsistent (the caller then issues new certificates).
   */
  public static WebhookTls fromSecret(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    ServingCertificate serving =
        new ServingCertificate(
            Pem.decodeCertificates(text(data, TLS_CRT)), Pem.decodePrivateKey(text(data, TLS_KEY)));
    if (!CertificateIssuer.keyMatches(serving.leaf(), serving.key())) {
      throw new IllegalArgumentException(TLS_KEY + " does not belong to " + TLS_CRT);
    }
    List<X509Certificate> bundle = new ArrayList<>(Pem.decodeCertificates(text(data, CA_CRT)));
    CertificateAuthority signer = take(bundle, Pem.decodePrivateKey(text(data, CA_KEY)));
    if (signer == null) {
      throw new IllegalArgumentException(CA_KEY + " belongs to no certificate in " + CA_CRT);
    }
    CertificateAuthority staged = null;
    if (data.containsKey(NEXT_CA_KEY)) {
      staged = take(bundle, Pem.decodePrivateKey(text(data, NEXT_CA_KEY)));
      if (staged == null) {
        throw new IllegalArgumentException(NEXT_CA_KEY + " belongs to no certificate in " + CA_CRT);
      }
    }
    return new WebhookTls(signer, staged, bundle, serving);
  }

  private static CertificateAuthority take(List<X509Certificate> bundle, PrivateKey key) {
    for (X509Certificate certificate : bundle) {
      if (CertificateIssuer.keyMatches(certificate, key)) {
        bundle.remove(certificate);
        return new CertificateAuthority(certificate, key);
      }
    }
    return null;
  }

  private static String text(Map<String, String> data, String key) {
    String value = data.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the Secret has no " + key);
    }
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not base64", e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
