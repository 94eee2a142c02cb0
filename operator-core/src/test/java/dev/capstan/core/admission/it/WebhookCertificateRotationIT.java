package dev.capstan.core.admission.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.tls.CertificateAuthority;
import dev.capstan.core.admission.tls.CertificateIssuer;
import dev.capstan.core.admission.tls.Pem;
import dev.capstan.core.admission.tls.RotationPolicy;
import dev.capstan.core.admission.tls.ServingCertificate;
import dev.capstan.core.admission.tls.WebhookTls;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * Certificates rotate while the apiserver keeps sending admission requests: a new serving
 * certificate, then a whole CA rotation (staged, published, promoted). Every create in the test
 * namespace goes through the webhook with {@code failurePolicy: Fail}, so a single failed TLS
 * handshake or dropped connection would fail a create.
 */
@CapstanCluster
class WebhookCertificateRotationIT {

  private static final int LOADERS = 4;

  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private final Set<String> created = ConcurrentHashMap.newKeySet();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger successes = new AtomicInteger();

  @Test
  void rotationWhileRequestsFlowLosesNoRequest(ClusterContext cluster) throws Exception {
    KubernetesClient client = cluster.client();
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .validating(
                WebhookTestBed.VALIDATE_PATH,
                ConfigMap.class,
                request -> {
                  admitted.add(request.object().getMetadata().getName());
                  return Decision.allow();
                })
            .build();
    RotationPolicy fastPropagation =
        new RotationPolicy(
            Duration.ofDays(365), Duration.ofDays(30), 1.0 / 3, Duration.ofSeconds(3));
    try (WebhookTestBed bed =
        new WebhookTestBed(
            client, cluster.namespace(), handler, fastPropagation, Duration.ofMillis(500), false)) {
      bed.start();
      bed.create(
          bed.configurations("capstan-operator-not-this-one")
              .validating(
                  bed.configurationName,
                  WebhookTestBed.spec(
                      "rotation", WebhookTestBed.VALIDATE_PATH, List.of(cluster.namespace()))));
      bed.certificates.reconcile();
      WebhookTestBed.awaitEffective(
          () -> {
            client
                .configMaps()
                .resource(WebhookTestBed.configMap(WebhookTestBed.unique("probe"), Map.of()))
                .create();
            assertThat(admitted).anyMatch(name -> name.startsWith("probe-"));
          });

      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(LOADERS);
      List<Future<?>> loaders = new ArrayList<>();
      for (int t = 0; t < LOADERS; t++) {
        int loader = t;
        loaders.add(pool.submit(() -> load(client, loader, running)));
      }
      try {
        awaitMoreSuccesses(25);

        // 1. A new serving certificate from the same CA.
        WebhookTls before = bed.certificates.current();
        bed.certificates.reissueServingCertificate();
        assertThat(bed.server.certificate().leaf()).isNotEqualTo(before.serving().leaf());
        awaitMoreSuccesses(25);

        // 2. A CA rotation: the next CA is trusted first, then signs, the old one stays trusted.
        CertificateAuthority oldCa = bed.certificates.current().signer();
        WebhookTls staged = bed.certificates.rotateCa();
        assertThat(staged.hasStagedCa()).isTrue();
        assertThat(injectedBundle(bed))
            .containsExactly(oldCa.certificate(), staged.staged().certificate());
        assertThat(CertificateIssuer.signedBy(bed.server.certificate().leaf(), oldCa.certificate()))
            .isTrue();
        awaitMoreSuccesses(10);

        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> bed.certificates.current().signer().equals(staged.staged()));
        WebhookTls promoted = bed.certificates.current();
        ServingCertificate presented = bed.server.certificate();
        assertThat(CertificateIssuer.signedBy(presented.leaf(), staged.staged().certificate()))
            .isTrue();
        assertThat(injectedBundle(bed))
            .containsExactly(staged.staged().certificate(), oldCa.certificate());
        assertThat(promoted.retired()).containsExactly(oldCa.certificate());
        awaitMoreSuccesses(25);

        // A client that trusts exactly what was injected gets the new certificate on a new
        // connection.
        assertThat(handshake(bed, injectedBundle(bed))).isEqualTo(presented.leaf());
      } finally {
        running.set(false);
        for (Future<?> loader : loaders) {
          loader.get();
        }
        pool.shutdown();
      }

      assertThat(failures).isEmpty();
      assertThat(successes.get()).isGreaterThanOrEqualTo(85);
      assertThat(admitted).containsAll(created);
    }
  }

  private void load(KubernetesClient client, int loader, AtomicBoolean running) {
    for (int i = 0; running.get(); i++) {
      String name = "load-" + loader + "-" + i;
      try {
        client
            .configMaps()
            .resource(WebhookTestBed.configMap(name, Map.of("i", Integer.toString(i))))
            .create();
        created.add(name);
        successes.incrementAndGet();
      } catch (RuntimeException e) {
        failures.add(name + ": " + e.getMessage());
      }
    }
  }

  private void awaitMoreSuccesses(int more) {
    int target = successes.get() + more;
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> successes.get() >= target || !failures.isEmpty());
    assertThat(failures).isEmpty();
  }

  private static List<X509Certificate> injectedBundle(WebhookTestBed bed) {
    String caBundle =
        bed.validatingConfiguration().getWebhooks().get(0).getClientConfig().getCaBundle();
    return Pem.decodeCertificates(
        new String(Base64.getDecoder().decode(caBundle), StandardCharsets.UTF_8));
  }

  private static X509Certificate handshake(WebhookTestBed bed, List<X509Certificate> trusted)
      throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .sslContext(context)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "https://127.0.0.1:" + bed.server.port() + "/validate/configmaps"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }
}
