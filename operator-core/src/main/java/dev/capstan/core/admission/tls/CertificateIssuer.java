package dev.capstan.core.admission.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a webhook's CA and serving certificates with BouncyCastle's certificate builder (the JDK
 * can verify certificates but not create them). Keys are ECDSA P-256: TLS handshakes with them cost
 * a fraction of RSA-2048's on the server, and Go (the apiserver) and every JDK accept them.
 *
 * <p>Certificates start {@link #BACKDATE} before {@code now}, so a peer whose clock is slightly
 * behind accepts them at once. A serving certificate never outlives its CA.
 */
public final class CertificateIssuer {

  /** How far before {@code now} a new certificate becomes valid. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final String SIGNATURE = "SHA256withECDSA";

  private final SecureRandom random;

  public CertificateIssuer() {
    this(new SecureRandom());
  }

  public CertificateIssuer(SecureRandom random) {
    this.random = random;
  }

  /** A new self-signed CA valid from {@code now - BACKDATE} to {@code now + validity}. */
  public CertificateAuthority newCa(String commonName, Instant now, Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + commonName + "@" + now.getEpochSecond());
    Instant notBefore = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a CA certificate", e);
    }
  }

  /**
   * A serving certificate for {@code identity} signed by {@code ca}, valid from {@code now -
   * BACKDATE} until {@code now + validity} or the CA's expiry, whichever is earlier.
   */
  public ServingCertificate newServingCertificate(
      CertificateAuthority ca, ServingIdentity identity, Instant now, Duration validity) {
    KeyPair keys = newKeyPair();
    Instant notBefore = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    String commonName =
        identity.dnsNames().isEmpty() ? identity.ipAddresses().get(0) : identity.dnsNames().get(0);
    List<GeneralName> names = new ArrayList<>();
    identity.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    identity.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  new X500Name("CN=" + commonName),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(names.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(ca.certificate()));
      X509Certificate leaf = sign(builder, ca.key());
      return new ServingCertificate(List.of(leaf), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a serving certificate", e);
    }
  }

  /** Whether {@code certificate} carries {@code ca}'s name as issuer and its signature verifies. */
  public static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code key} is the private key of {@code certificate}'s public key. */
  public static boolean keyMatches(X509Certificate certificate, PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] probe = "capstan-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The DNS subject alternative names of a certificate. */
  public static List<String> dnsNames(X509Certificate certificate) {
    return alternativeNames(certificate, GeneralName.dNSName);
  }

  /** The IP subject alternative names of a certificate, as the JDK formats them. */
  public static List<String> ipAddresses(X509Certificate certificate) {
    return alternativeNames(certificate, GeneralName.iPAddress);
  }

  private static List<String> alternativeNames(X509Certificate certificate, int type) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      List<String> result = new ArrayList<>();
      if (names != null) {
        for (List<?> name : names) {
          if (((Integer) name.get(0)) == type) {
            result.add((String) name.get(1));
          }
        }
      }
      return result;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key pair", e);
    }
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
  }
}
