package dev.capstan.core.admission.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedCertificatesTest {

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final CertificateAuthority ca = issuer.newCa("ca", Instant.now(), Duration.ofDays(1));

  private ServingCertificate write(Path dir) throws Exception {
    ServingCertificate serving =
        issuer.newServingCertificate(
            ca, ServingIdentity.forIpAddresses("127.0.0.1"), Instant.now(), Duration.ofHours(1));
    Files.writeString(dir.resolve("tls.crt"), serving.certificateChainPem());
    Files.writeString(dir.resolve("tls.key"), serving.privateKeyPem());
    return serving;
  }

  @Test
  void reloadsOnlyWhenTheFilesChangeAndOnlyAConsistentPair(@TempDir Path dir) throws Exception {
    ServingCertificate first = write(dir);
    MountedCertificates mounted = new MountedCertificates(dir);

    assertThat(mounted.load().leaf()).isEqualTo(first.leaf());
    assertThat(mounted.reloadIfChanged()).isEmpty();

    ServingCertificate second = write(dir);
    assertThat(mounted.reloadIfChanged()).map(ServingCertificate::leaf).contains(second.leaf());
    assertThat(mounted.reloadIfChanged()).isEmpty();

    // Mid-update: a new certificate next to the old key is not handed on.
    ServingCertificate third =
        issuer.newServingCertificate(
            ca, ServingIdentity.forIpAddresses("127.0.0.1"), Instant.now(), Duration.ofHours(1));
    Files.writeString(dir.resolve("tls.crt"), third.certificateChainPem());
    assertThat(mounted.reloadIfChanged()).isEmpty();
    Files.writeString(dir.resolve("tls.key"), third.privateKeyPem());
    assertThat(mounted.reloadIfChanged()).map(ServingCertificate::leaf).contains(third.leaf());
  }
}
