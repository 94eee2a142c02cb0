package dev.capstan.core.admission.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one {@link RotationPolicy.Action} to a {@link WebhookTls}: the state transitions of a
 * rotation, separate from the I/O that stores and publishes the result. Deterministic except for
 * the keys the issuer generates.
 */
public final class TlsRotation {

  private final RotationPolicy policy;
  private final CertificateIssuer issuer;
  private final String caName;

  public TlsRotation(RotationPolicy policy, CertificateIssuer issuer, String caName) {
    this.policy = policy;
    this.issuer = issuer;
    this.caName = caName;
  }

  public RotationPolicy policy() {
    return policy;
  }

  /** The state after {@code action}; {@code current} may be null only for CREATE. */
  public WebhookTls apply(
      RotationPolicy.Action action, WebhookTls current, ServingIdentity identity, Instant now) {
    switch (action) {
      case CREATE:
        {
          CertificateAuthority ca = issuer.newCa(caName, now, policy.caValidity());
          return new WebhookTls(ca, null, List.of(), serving(ca, identity, now));
        }
      case STAGE_CA:
        return current.withStaged(issuer.newCa(caName, now, policy.caValidity()));
      case PROMOTE_CA:
        {
          CertificateAuthority next = current.staged();
          List<X509Certificate> retired = new ArrayList<>();
          retired.add(current.signer().certificate());
          retired.addAll(current.retired());
          return new WebhookTls(next, null, retired, serving(next, identity, now)).pruned(now);
        }
      case REISSUE_SERVING:
        return current.withServing(serving(current.signer(), identity, now));
      case PRUNE_RETIRED:
        return current.pruned(now);
      case NONE:
        return current;
      default:
        throw new IllegalArgumentException("unknown action " + action);
    }
  }

  private ServingCertificate serving(
      CertificateAuthority ca, ServingIdentity identity, Instant now) {
    return issuer.newServingCertificate(ca, identity, now, policy.servingValidity());
  }
}
