package dev.capstan.core.admission.server;

import dev.capstan.core.admission.tls.ServingCertificate;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key material, swappable while the server runs. TLS asks its key manager for an
 * alias, then for that alias's chain and key; each {@link #update} gets a new alias, and the
 * previous generations stay resolvable, so a handshake that chose an alias just before a swap still
 * completes with a consistent certificate and key. New handshakes see the new material at once;
 * established connections are untouched.
 *
 * <p>Why not Vert.x's {@code HttpServer.updateSSLOptions}: in Vert.x 4.5 a connection accepted
 * while that update is being applied fails with a NullPointerException ({@code
 * TCPServerBase.sslChannelProvider} is briefly an uncompleted future), which {@code
 * WebhookServerTest.swappingCertificatesUnderLoadLosesNoRequest} reproduced. The JDK consults this
 * key manager on every handshake instead, with nothing to rebuild.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {

  private static final int KEPT_GENERATIONS = 4;

  private final AtomicLong generations = new AtomicLong();
  private final Map<String, X509ExtendedKeyManager> byAlias = new ConcurrentHashMap<>();
  private volatile X509ExtendedKeyManager current;

  RotatingKeyManager(ServingCertificate initial) {
    update(initial);
  }

  /** Makes {@code next} the material for new handshakes. */
  synchronized void update(ServingCertificate next) {
    long generation = generations.incrementAndGet();
    String alias = "capstan-webhook-" + generation;
    X509ExtendedKeyManager manager = keyManager(alias, next);
    byAlias.put(alias, manager);
    current = manager;
    Iterator<String> aliases = byAlias.keySet().iterator();
    while (aliases.hasNext()) {
      String old = aliases.next();
      if (Long.parseLong(old.substring("capstan-webhook-".length()))
          <= generation - KEPT_GENERATIONS) {
        aliases.remove();
      }
    }
  }

  private static X509ExtendedKeyManager keyManager(String alias, ServingCertificate certificate) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry(
          alias, certificate.key(), password, certificate.chain().toArray(X509Certificate[]::new));
      // SunX509 reports aliases as stored and selects by key type like any JDK server.
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(store, password);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager extended) {
          return extended;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedKeyManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot load the serving certificate", e);
    }
  }

  private X509ExtendedKeyManager forAlias(String alias) {
    return alias == null ? null : byAlias.get(alias);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509ExtendedKeyManager manager = forAlias(alias);
    return manager == null ? null : manager.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    X509ExtendedKeyManager manager = forAlias(alias);
    return manager == null ? null : manager.getPrivateKey(alias);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
