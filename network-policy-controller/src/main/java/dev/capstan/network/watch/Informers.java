package dev.capstan.network.watch;

import dev.capstan.network.apply.Owners;
import dev.capstan.network.evaluation.NamespaceInfo;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers the network reconcilers read the cluster from (never a LIST per reconcile), and the
 * small mappers that say which primaries an event concerns.
 */
public final class Informers {

  /** Index of the NetworkPolicy cache: the owner annotation of generated policies. */
  public static final String OWNER_INDEX = "capstan-owner";

  private Informers() {}

  public static <P extends HasMetadata> InformerEventSource<Namespace, P> namespaces(
      EventSourceContext<P> context, SecondaryToPrimaryMapper<Namespace> mapper) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Namespace.class, context.getPrimaryResourceClass())
            .withName("namespaces")
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  public static <P extends HasMetadata> InformerEventSource<Pod, P> pods(
      EventSourceContext<P> context, SecondaryToPrimaryMapper<Pod> mapper) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, context.getPrimaryResourceClass())
            .withName("pods")
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  /** Every NetworkPolicy of the cluster, indexed by {@link #OWNER_INDEX}. */
  public static <P extends HasMetadata> InformerEventSource<NetworkPolicy, P> networkPolicies(
      EventSourceContext<P> context, SecondaryToPrimaryMapper<NetworkPolicy> mapper) {
    return networkPolicies(context, mapper, null);
  }

  /**
   * The NetworkPolicies matching a label selector (all when null), indexed by {@link #OWNER_INDEX}.
   */
  public static <P extends HasMetadata> InformerEventSource<NetworkPolicy, P> networkPolicies(
      EventSourceContext<P> context,
      SecondaryToPrimaryMapper<NetworkPolicy> mapper,
      String labelSelector) {
    var configuration =
        InformerEventSourceConfiguration.from(
                NetworkPolicy.class, context.getPrimaryResourceClass())
            .withName("networkpolicies")
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(mapper);
    if (labelSelector != null) {
      configuration.withLabelSelector(labelSelector);
    }
    InformerEventSource<NetworkPolicy, P> source =
        new InformerEventSource<>(configuration.build(), context);
    source.addIndexer(
        OWNER_INDEX,
        p -> {
          String owner = Owners.ownerOf(p);
          return owner == null ? List.of() : List.of(owner);
        });
    return source;
  }

  /**
   * The primaries of this controller as a second informer, mapping a spec change, creation or
   * deletion of one to all the others (intents that interact: overlapping postures, traffic rules
   * that follow postures). Status-only updates are not events here.
   */
  public static <P extends HasMetadata, Q extends HasMetadata>
      InformerEventSource<Q, P> specChangesOf(
          EventSourceContext<P> context, Class<Q> type, String name) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
            .withName(name)
            .withOnUpdateFilter(
                (newer, older) ->
                    !Objects.equals(
                        newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(
                changed ->
                    allPrimaries(context).stream()
                        .filter(id -> !id.isSameResource(changed))
                        .collect(Collectors.toSet()))
            .build(),
        context);
  }

  public static <P extends HasMetadata> Set<ResourceID> allPrimaries(
      EventSourceContext<P> context) {
    return context
        .getPrimaryCache()
        .list()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /**
   * The intent a generated policy belongs to, from its owner annotation ({@code Kind/name} or
   * {@code Kind/namespace/name}), if it is of the given kind.
   */
  public static Optional<ResourceID> ownerId(NetworkPolicy policy, String kind) {
    String owner = Owners.ownerOf(policy);
    if (owner == null || !owner.startsWith(kind + "/")) {
      return Optional.empty();
    }
    String[] parts = owner.substring(kind.length() + 1).split("/", -1);
    return switch (parts.length) {
      case 1 -> Optional.of(new ResourceID(parts[0]));
      case 2 -> Optional.of(new ResourceID(parts[1], parts[0]));
      default -> Optional.empty();
    };
  }

  /**
   * The namespaces intents may write into: those of the cache, by name, without the terminating
   * ones (the apiserver refuses new objects there and the namespace controller is deleting what is
   * in them).
   */
  public static List<NamespaceInfo> activeNamespaceInfos(
      InformerEventSource<Namespace, ?> namespaces) {
    return namespaces
        .list(ns -> ns.getMetadata().getDeletionTimestamp() == null)
        .map(NamespaceInfo::from)
        .sorted(Comparator.comparing(NamespaceInfo::name))
        .toList();
  }

  /** Whether the policy's namespace is being deleted (or already gone from the cache). */
  public static boolean inTerminatingNamespace(
      NetworkPolicy policy, InformerEventSource<Namespace, ?> namespaces) {
    return namespaces
        .get(new ResourceID(policy.getMetadata().getNamespace()))
        .map(ns -> ns.getMetadata().getDeletionTimestamp() != null)
        .orElse(true);
  }

  /** The namespaces of the cache, by name. */
  public static List<NamespaceInfo> namespaceInfos(InformerEventSource<Namespace, ?> namespaces) {
    return namespaces
        .list(ns -> true)
        .map(NamespaceInfo::from)
        .sorted(Comparator.comparing(NamespaceInfo::name))
        .toList();
  }
}
