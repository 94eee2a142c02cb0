package dev.capstan.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/**
 * RBAC is enforced by the real apiserver: a service account's token gets 403 until a Role grants it
 * access.
 */
@CapstanCluster
class AccessControlIT {

  @Test
  void serviceAccountWithoutRbacIsForbiddenAndARoleBindingGrantsAccess(ClusterContext cluster) {
    KubernetesClient admin = cluster.client();
    String ns = cluster.namespace();
    admin
        .serviceAccounts()
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();
    TokenRequest token =
        admin
            .serviceAccounts()
            .withName("reader")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build());

    try (KubernetesClient reader =
        clientWithToken(admin.getConfiguration(), token.getStatus().getToken(), ns)) {
      assertThatThrownBy(() -> reader.pods().list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403))
          .hasMessageContaining("system:serviceaccount:" + ns + ":reader");

      admin
          .rbac()
          .roles()
          .resource(
              new RoleBuilder()
                  .withNewMetadata()
                  .withName("pod-reader")
                  .endMetadata()
                  .addNewRule()
                  .withApiGroups("")
                  .withResources("pods")
                  .withVerbs("list")
                  .endRule()
                  .build())
          .create();
      admin
          .rbac()
          .roleBindings()
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName("reader")
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "Role", "pod-reader")
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName("reader")
                  .withNamespace(ns)
                  .endSubject()
                  .build())
          .create();

      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(reader.pods().list().getItems()).isEmpty());
      assertThatThrownBy(() -> reader.services().list())
          .as("the Role grants pods only")
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }

  private static KubernetesClient clientWithToken(Config admin, String token, String namespace) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(admin.getMasterUrl())
            .withCaCertData(admin.getCaCertData())
            .withCaCertFile(admin.getCaCertFile())
            .withOauthToken(token)
            .withNamespace(namespace)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
