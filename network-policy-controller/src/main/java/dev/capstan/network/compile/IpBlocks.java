package dev.capstan.network.compile;

import dev.capstan.crds.network.v1alpha1.CidrBlock;
import dev.capstan.network.ip.Cidr;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CIDR blocks to ipBlock peers, never aimed at pod IPs: a block inside a pod CIDR is refused, a
 * block around one gets it as an except. A block with a bad CIDR or except is left out whole, so
 * that a mistake never allows more than asked.
 */
final class IpBlocks {

  private IpBlocks() {}

  static Optional<IPBlock> convert(
      CidrBlock block, String field, List<Cidr> podCidrs, List<Problem> problems) {
    Optional<Cidr> parsed = Cidr.parse(block.getCidr());
    if (parsed.isEmpty()) {
      problems.add(
          Problem.error(
              field + ".cidr",
              block.getCidr() + " is not a CIDR such as 203.0.113.0/24; the block is left out"));
      return Optional.empty();
    }
    Cidr cidr = parsed.get();
    if (!cidr.isNetworkAddress()) {
      problems.add(
          Problem.error(
              field + ".cidr",
              block.getCidr()
                  + " has host bits set; write the network address. The block is left out"));
      return Optional.empty();
    }
    List<String> except = new ArrayList<>();
    List<Cidr> exceptCidrs = new ArrayList<>();
    List<String> declared = block.getExcept() == null ? List.of() : block.getExcept();
    for (int i = 0; i < declared.size(); i++) {
      Optional<Cidr> e = Cidr.parse(declared.get(i));
      if (e.isEmpty() || !cidr.contains(e.get())) {
        problems.add(
            Problem.error(
                field + ".except[" + i + "]",
                declared.get(i)
                    + " is not a CIDR inside "
                    + cidr
                    + "; the whole block is left out rather than allowing more"));
        return Optional.empty();
      }
      except.add(declared.get(i));
      exceptCidrs.add(e.get());
    }
    for (Cidr pods : podCidrs) {
      if (!cidr.overlaps(pods)) {
        continue;
      }
      if (pods.contains(cidr)) {
        problems.add(
            Problem.error(
                field + ".cidr",
                cidr
                    + " lies in the pod CIDR "
                    + pods
                    + ": pod IPs change and NetworkPolicy leaves ipBlock undefined for them;"
                    + " select pods by label (TrafficRule) instead. The block is left out"));
        return Optional.empty();
      }
      if (exceptCidrs.stream().noneMatch(e -> e.contains(pods))) {
        except.add(pods.toString());
        problems.add(
            Problem.warning(
                field + ".cidr",
                cidr
                    + " covers the pod CIDR "
                    + pods
                    + ", which is excepted: pods are not"
                    + " reached by CIDR"));
      }
    }
    return Optional.of(
        new IPBlockBuilder()
            .withCidr(cidr.toString())
            .withExcept(except.isEmpty() ? null : except)
            .build());
  }
}
