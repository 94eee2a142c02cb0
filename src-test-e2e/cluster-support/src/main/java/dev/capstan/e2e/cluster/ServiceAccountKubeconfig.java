package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubeconfig that authenticates as one ServiceAccount, so that a controller process started with
 * it gets exactly that account's RBAC (the chart's, in the tests that use it) and nothing of the
 * admin's.
 */
public final class ServiceAccountKubeconfig {

  private static final long TOKEN_SECONDS = 3600;

  private ServiceAccountKubeconfig() {}

  /**
   * Writes a kubeconfig for {@code namespace/serviceAccount} to a temporary file: same server and
   * CA as {@code admin}, a one-hour token from the TokenRequest API (what {@code kubectl create
   * token} asks for).
   */
  public static Path write(KubernetesClient admin, String namespace, String serviceAccount) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(TOKEN_SECONDS)
            .endSpec()
            .build();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(request)
            .getStatus()
            .getToken();
    try {
      Path file = Files.createTempFile("capstan-" + serviceAccount + "-", ".kubeconfig");
      Files.writeString(file, render(admin.getConfiguration(), token));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String render(Config admin, String token) {
    // The local control plane's kubeconfig names a CA file; kind's carries the CA inline.
    String authority =
        admin.getCaCertFile() != null
            ? "certificate-authority: " + admin.getCaCertFile()
            : "certificate-authority-data: " + admin.getCaCertData();
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: %s
            %s
        users:
        - name: service-account
          user:
            token: %s
        contexts:
        - name: local
          context: {cluster: local, user: service-account}
        current-context: local
        """
        .formatted(admin.getMasterUrl(), authority, token);
  }
}
