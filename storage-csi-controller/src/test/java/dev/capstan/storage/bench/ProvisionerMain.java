package dev.capstan.storage.bench;

import dev.capstan.core.events.EventRecorder;
import dev.capstan.storage.csi.CsiClient;
import dev.capstan.storage.provisioner.Provisioner;
import dev.capstan.storage.provisioner.ProvisionerSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Capstan's provisioner alone in a process, for the benchmark: {@code ProvisionerMain <kubeconfig>
 * <unix endpoint> <driver> <workers>}.
 */
public final class ProvisionerMain {
  public static void main(String[] args) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    CsiClient csi = CsiClient.connect(args[1], Duration.ofSeconds(10));
    ProvisionerSettings s = ProvisionerSettings.defaults(args[2]);
    s =
        new ProvisionerSettings(
            s.driverName(),
            s.volumeNamePrefix(),
            Integer.parseInt(args[3]),
            false,
            false,
            s.resync());
    new Provisioner(client, csi, s, EventRecorder.NOOP).start();
    Thread.currentThread().join();
  }
}
