package dev.capstan.core.admission.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cert-manager mode: the serving certificate comes from a mounted Secret ({@code tls.crt}, {@code
 * tls.key}) that cert-manager renews; the kubelet swaps the files atomically and this class notices
 * the change and hands the new certificate on (e.g. to {@link
 * dev.capstan.core.admission.server.WebhookServer#updateCertificate}). The CA bundle is then
 * cert-manager's job, through the {@code cert-manager.io/inject-ca-from} annotation.
 */
public final class MountedCertificates implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(MountedCertificates.class);

  private final Path certificateFile;
  private final Path keyFile;
  private String lastCertificate;
  private String lastKey;
  private ScheduledExecutorService scheduler;

  /** Reads {@code tls.crt} and {@code tls.key} in {@code directory}. */
  public MountedCertificates(Path directory) {
    this(directory.resolve(TlsSecret.TLS_CRT), directory.resolve(TlsSecret.TLS_KEY));
  }

  public MountedCertificates(Path certificateFile, Path keyFile) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
  }

  /** The certificate on disk now. */
  public synchronized ServingCertificate load() {
    String certificate = read(certificateFile);
    String key = read(keyFile);
    ServingCertificate serving = ServingCertificate.fromPem(certificate, key);
    if (!CertificateIssuer.keyMatches(serving.leaf(), serving.key())) {
      throw new IllegalStateException(keyFile + " does not belong to " + certificateFile);
    }
    lastCertificate = certificate;
    lastKey = key;
    return serving;
  }

  /**
   * The certificate on disk if it changed since the last {@link #load()} or reload; empty when
   * unchanged or while the pair on disk is inconsistent (mid-update), which the next check retries.
   */
  public synchronized Optional<ServingCertificate> reloadIfChanged() {
    String certificate = read(certificateFile);
    String key = read(keyFile);
    if (certificate.equals(lastCertificate) && key.equals(lastKey)) {
      return Optional.empty();
    }
    try {
      return Optional.of(load());
    } catch (RuntimeException e) {
      LOGGER.info("mounted certificate not usable yet: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** Checks every {@code interval} and passes changed certificates to {@code listener}. */
  public synchronized MountedCertificates watch(
      Duration interval, Consumer<ServingCertificate> listener) {
    if (scheduler != null) {
      throw new IllegalStateException("already watching");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "capstan-mounted-certificates");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            reloadIfChanged().ifPresent(listener);
          } catch (RuntimeException e) {
            LOGGER.warn("checking {} failed", certificateFile, e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
