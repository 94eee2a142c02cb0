package dev.capstan.core.admission.server;

import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK HTTP clients that trust given CAs, for tests. */
final class TlsClients {

  private TlsClients() {}

  static SSLContext trusting(List<X509Certificate> cas) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpClient client(List<X509Certificate> cas, HttpClient.Version version) {
    return HttpClient.newBuilder()
        .sslContext(trusting(cas))
        .version(version)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
