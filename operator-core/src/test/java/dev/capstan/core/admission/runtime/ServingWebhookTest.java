package dev.capstan.core.admission.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.core.admission.tls.ServingIdentity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServingWebhookTest {

  @Test
  void inClusterTheCertificateNamesOnlyTheService() {
    ServingIdentity identity = ServingWebhook.identity("hooks", "ops", null);

    assertThat(identity.dnsNames()).containsExactly("hooks.ops.svc", "hooks.ops.svc.cluster.local");
    assertThat(identity.ipAddresses()).isEmpty();
  }

  @Test
  void autoUrlAddsTheLoopbackAddress() {
    ServingIdentity identity = ServingWebhook.identity("hooks", "ops", ServingWebhook.AUTO);

    assertThat(identity.ipAddresses()).containsExactly("127.0.0.1");
    assertThat(identity.dnsNames()).containsExactly("hooks.ops.svc", "hooks.ops.svc.cluster.local");
  }

  @Test
  void urlHostIsAnIpOrADnsName() {
    assertThat(ServingWebhook.identity("hooks", "ops", "https://10.0.0.7:9443").ipAddresses())
        .containsExactly("10.0.0.7");
    ServingIdentity named =
        ServingWebhook.identity("hooks", "ops", "https://host.docker.internal:9443");
    assertThat(named.ipAddresses()).isEmpty();
    assertThat(named.dnsNames()).contains("host.docker.internal");
  }

  @Test
  void ipLiteralsAreToldFromHostNames() {
    assertThat(ServingWebhook.isIpLiteral("127.0.0.1")).isTrue();
    assertThat(ServingWebhook.isIpLiteral("::1")).isTrue();
    assertThat(ServingWebhook.isIpLiteral("host.docker.internal")).isFalse();
    assertThat(ServingWebhook.isIpLiteral("1.2.3")).isFalse();
  }

  @Test
  void baseUrlResolvesAutoToTheBoundPortAndIsNullForTheService() {
    assertThat(ServingWebhook.baseUrl(ServingWebhook.AUTO, 19443))
        .isEqualTo("https://127.0.0.1:19443");
    assertThat(ServingWebhook.baseUrl("https://hooks.example:8443", 19443))
        .isEqualTo("https://hooks.example:8443");
    assertThat(ServingWebhook.baseUrl(null, 19443)).isNull();
  }

  @Test
  void blankUrlMeansTheService() {
    assertThat(selfManaged().url("  ").build().url()).isNull();
    assertThat(selfManaged().url(null).build().url()).isNull();
    assertThat(selfManaged().url("auto").build().url()).isEqualTo("auto");
  }

  @Test
  void tlsModeMustBeSelfManagedOrMounted() {
    assertThatThrownBy(() -> selfManaged().tlsMode("cert-manager").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "capstan.test.webhook.tls.mode must be self-managed or mounted, not cert-manager");
    assertThat(selfManaged().build().tlsMode()).isEqualTo(ServingWebhook.SELF_MANAGED);
    assertThat(
            ServingWebhook.Options.builder()
                .settingsPrefix("capstan.test.webhook")
                .service("ops", "hooks")
                .tlsMode(ServingWebhook.MOUNTED)
                .mountedDirectory("/etc/tls")
                .build()
                .mountedDirectory())
        .isEqualTo("/etc/tls");
  }

  @Test
  void selfManagedNeedsItsSecretAndCaName() {
    assertThatThrownBy(
            () ->
                ServingWebhook.Options.builder()
                    .service("ops", "hooks")
                    .tlsMode(ServingWebhook.SELF_MANAGED)
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("secretName");
  }

  @Test
  void optionsKeepTheConfigurationNamesAndDrain() {
    ServingWebhook.Options options =
        selfManaged()
            .validatingConfigurations("v")
            .mutatingConfigurations("m")
            .shutdownDrain(Duration.ofSeconds(5))
            .build();

    assertThat(options.validatingConfigurations()).containsExactly("v");
    assertThat(options.mutatingConfigurations()).containsExactly("m");
    assertThat(options.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
  }

  private static ServingWebhook.Builder selfManaged() {
    return ServingWebhook.Options.builder()
        .settingsPrefix("capstan.test.webhook")
        .service("ops", "hooks")
        .selfManaged("hooks-tls", "app", "hooks", "hooks-ca");
  }
}
