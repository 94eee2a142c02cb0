package dev.capstan.core.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deduplication of {@link KubernetesEventRecorder}, without I/O: remembers, per {@link
 * EventKey}, which Event object was created and how often it occurred. An occurrence within {@code
 * window} of the previous one continues the series; after a quiet {@code window} the next one
 * starts a new Event (client-go ends a series after 6 minutes without occurrences). At most {@code
 * maxEntries} keys are kept, least recently used first out, so memory stays bounded whatever the
 * number of objects.
 */
final class EventSeriesCache {

  /** client-go's series finish time. */
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(6);

  static final int DEFAULT_MAX_ENTRIES = 1024;

  private final Clock clock;
  private final Duration window;
  private final Map<EventKey, Entry> entries;

  EventSeriesCache(Clock clock, Duration window, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.clock = clock;
    this.window = window;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<EventKey, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /**
   * Records one occurrence of {@code key} now. Returns the first occurrence of a new Event (named
   * {@code newName}) or the next occurrence of the Event already created for the key.
   */
  synchronized Occurrence observe(EventKey key, String newName) {
    Instant now = clock.instant();
    Entry entry = entries.get(key);
    if (entry == null || now.isAfter(entry.lastObserved.plus(window))) {
      entry = new Entry(newName, now);
      entries.put(key, entry);
    } else {
      entry.count++;
      entry.lastObserved = now;
    }
    return new Occurrence(entry.eventName, entry.count, now);
  }

  /** Forgets the Event named {@code eventName} for {@code key}, e.g. after it could not be made. */
  synchronized void forget(EventKey key, String eventName) {
    Entry entry = entries.get(key);
    if (entry != null && entry.eventName.equals(eventName)) {
      entries.remove(key);
    }
  }

  synchronized int size() {
    return entries.size();
  }

  /**
   * One occurrence of an Event.
   *
   * @param eventName the Event object (new or existing) in the key's namespace
   * @param count 1 for a new Event, then 2, 3, … for its series
   * @param observed when it occurred
   */
  record Occurrence(String eventName, int count, Instant observed) {
    boolean isFirst() {
      return count == 1;
    }
  }

  private static final class Entry {
    final String eventName;
    int count = 1;
    Instant lastObserved;

    Entry(String eventName, Instant observed) {
      this.eventName = eventName;
      this.lastObserved = observed;
    }
  }
}
