package dev.capstan.core.admission.tls;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * The names a serving certificate must carry as subject alternative names: the DNS names the
 * apiserver dials for a service reference and, for local mode, IP addresses or host names such as
 * {@code 127.0.0.1} for a {@code url} client config.
 *
 * @param dnsNames DNS SANs, in order; the first is also the subject CN
 * @param ipAddresses IP SANs (literal IPv4 or IPv6 addresses)
 */
public record ServingIdentity(List<String> dnsNames, List<String> ipAddresses) {

  public ServingIdentity {
    dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames));
    ipAddresses = List.copyOf(new LinkedHashSet<>(ipAddresses));
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one name");
    }
    for (String ip : ipAddresses) {
      if (!IPAddress.isValid(ip)) {
        throw new IllegalArgumentException("not an IP address literal: " + ip);
      }
    }
  }

  /**
   * The names the apiserver uses for a webhook behind {@code service} in {@code namespace}: {@code
   * <service>.<namespace>.svc} and {@code <service>.<namespace>.svc.cluster.local}.
   */
  public static ServingIdentity forService(String service, String namespace) {
    String svc = service + "." + namespace + ".svc";
    return new ServingIdentity(List.of(svc, svc + ".cluster.local"), List.of());
  }

  /** Only the given IP addresses (local mode). */
  public static ServingIdentity forIpAddresses(String... ipAddresses) {
    return new ServingIdentity(List.of(), Arrays.asList(ipAddresses));
  }

  public ServingIdentity withDnsNames(String... more) {
    Set<String> all = new LinkedHashSet<>(dnsNames);
    all.addAll(Arrays.asList(more));
    return new ServingIdentity(List.copyOf(all), ipAddresses);
  }

  public ServingIdentity withIpAddresses(String... more) {
    Set<String> all = new LinkedHashSet<>(ipAddresses);
    all.addAll(Arrays.asList(more));
    return new ServingIdentity(dnsNames, List.copyOf(all));
  }
}
