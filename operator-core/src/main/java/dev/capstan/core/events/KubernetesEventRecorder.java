package dev.capstan.core.events;

import dev.capstan.core.events.EventSeriesCache.Occurrence;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records events.k8s.io/v1 Events with the fabric8 client, deduplicated: the first occurrence
 * creates an Event, repeats within the window only update its {@code series} (count,
 * lastObservedTime) with a merge patch, as client-go's event recorder does. Memory is bounded by
 * {@link EventSeriesCache}.
 *
 * <p>Why it exists: fabric8 has no event recorder and JOSDK none either.
 *
 * <p>Recording is synchronous on the caller's thread (a reconcile thread, in order with the
 * transition it reports) and never throws: API errors (RBAC, a terminating namespace, an
 * unreachable server) are logged at WARN and the Event is dropped.
 */
public final class KubernetesEventRecorder implements EventRecorder {

  private static final Logger LOGGER = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private final KubernetesClient client;
  private final String reportingController;
  private final String reportingInstance;
  private final Clock clock;
  private final EventSeriesCache cache;

  /**
   * @param reportingController who reports, a qualified name such as {@code
   *     capstan.dev/workload-controllers}
   * @param reportingInstance which process reports, e.g. the process identity (at most 128)
   */
  public KubernetesEventRecorder(
      KubernetesClient client, String reportingController, String reportingInstance, Clock clock) {
    this(
        client,
        reportingController,
        reportingInstance,
        clock,
        EventSeriesCache.DEFAULT_WINDOW,
        EventSeriesCache.DEFAULT_MAX_ENTRIES);
  }

  public KubernetesEventRecorder(
      KubernetesClient client,
      String reportingController,
      String reportingInstance,
      Clock clock,
      Duration window,
      int maxEntries) {
    this.client = client;
    this.reportingController = reportingController;
    this.reportingInstance = EventObjects.cut(reportingInstance, 128);
    this.clock = clock;
    this.cache = new EventSeriesCache(clock, window, maxEntries);
  }

  @Override
  public void record(HasMetadata regarding, EventDetails details) {
    try {
      EventKey key = EventKey.of(regarding, details);
      Occurrence occurrence = cache.observe(key, EventObjects.name(key.name(), clock.instant()));
      if (occurrence.isFirst()) {
        create(key, occurrence.eventName(), occurrence.observed());
      } else if (!patchSeries(key, occurrence)) {
        // The Event is gone (its TTL expired, or someone deleted it): start a new one.
        cache.forget(key, occurrence.eventName());
        Occurrence fresh = cache.observe(key, EventObjects.name(key.name(), clock.instant()));
        create(key, fresh.eventName(), fresh.observed());
      }
    } catch (RuntimeException e) {
      LOGGER.warn(
          "dropped {} Event {} about {}: {}",
          details == null ? "?" : details.type().value(),
          details == null ? "?" : details.reason(),
          describe(regarding),
          e.getMessage());
    }
  }

  private void create(EventKey key, String name, Instant now) {
    Event event = EventObjects.newEvent(key, name, reportingController, reportingInstance, now);
    try {
      client.resource(event).create();
    } catch (RuntimeException e) {
      cache.forget(key, name);
      throw e;
    }
    LOGGER.debug(
        "created Event {}/{} ({} {})", key.eventNamespace(), name, key.type(), key.reason());
  }

  /** Returns false when the Event no longer exists. */
  private boolean patchSeries(EventKey key, Occurrence occurrence) {
    try {
      client
          .resources(Event.class)
          .inNamespace(key.eventNamespace())
          .withName(occurrence.eventName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              EventObjects.seriesPatch(occurrence.count(), occurrence.observed()));
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private static String describe(HasMetadata regarding) {
    if (regarding == null || regarding.getMetadata() == null) {
      return String.valueOf(regarding);
    }
    return regarding.getKind()
        + " "
        + regarding.getMetadata().getNamespace()
        + "/"
        + regarding.getMetadata().getName();
  }
}
