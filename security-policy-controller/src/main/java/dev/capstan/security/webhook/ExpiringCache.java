package dev.capstan.security.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small LRU map whose entries expire: at most {@code maxEntries}, least recently used out first,
 * each entry valid for the time-to-live it was put with. Thread-safe (one lock; every operation is
 * a hash lookup). The clock is injected for tests.
 */
final class ExpiringCache<K, V> {

  private record Entry<V>(V value, Instant expires) {}

  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<K, Entry<V>> entries;

  ExpiringCache(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > ExpiringCache.this.maxEntries;
          }
        };
  }

  synchronized Optional<V> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(K key, V value, Duration timeToLive) {
    entries.put(key, new Entry<>(value, clock.instant().plus(timeToLive)));
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized void clear() {
    entries.clear();
  }
}
