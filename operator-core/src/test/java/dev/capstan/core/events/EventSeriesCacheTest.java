package dev.capstan.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventSeriesCache.Occurrence;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSeriesCacheTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final EventSeriesCache cache = new EventSeriesCache(clock, Duration.ofMinutes(6), 3);

  @Test
  void firstOccurrenceCreatesAnEventAndRepeatsContinueItsSeries() {
    Occurrence first = cache.observe(key("shop", "Ready"), "shop.1");
    clock.advance(Duration.ofSeconds(30));
    Occurrence second = cache.observe(key("shop", "Ready"), "shop.2");
    clock.advance(Duration.ofSeconds(30));
    Occurrence third = cache.observe(key("shop", "Ready"), "shop.3");

    assertThat(first.isFirst()).isTrue();
    assertThat(first.eventName()).isEqualTo("shop.1");
    assertThat(second.isFirst()).isFalse();
    assertThat(second.eventName()).isEqualTo("shop.1");
    assertThat(second.count()).isEqualTo(2);
    assertThat(third.count()).isEqualTo(3);
    assertThat(third.observed()).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
  }

  @Test
  void aQuietWindowEndsTheSeries() {
    cache.observe(key("shop", "Ready"), "shop.1");
    clock.advance(Duration.ofMinutes(5));
    assertThat(cache.observe(key("shop", "Ready"), "shop.2").count()).isEqualTo(2);

    // The window counts from the last occurrence, not the first.
    clock.advance(Duration.ofMinutes(6).plusSeconds(1));
    Occurrence next = cache.observe(key("shop", "Ready"), "shop.3");

    assertThat(next.isFirst()).isTrue();
    assertThat(next.eventName()).isEqualTo("shop.3");
  }

  @Test
  void differentNotesReasonsAndObjectsAreDifferentEvents() {
    cache.observe(key("shop", "Ready"), "shop.1");

    assertThat(cache.observe(key("shop", "Stalled"), "shop.2").isFirst()).isTrue();
    assertThat(cache.observe(key("cart", "Ready"), "cart.1").isFirst()).isTrue();
    EventKey otherNote =
        new EventKey(
            "v1", "Pod", "ns", "shop", "uid-shop", EventType.NORMAL, "Ready", "Rollout", "other");
    assertThat(cache.observe(otherNote, "shop.3").isFirst()).isTrue();
  }

  @Test
  void memoryIsBoundedByEvictingTheLeastRecentlyUsedKey() {
    cache.observe(key("a", "Ready"), "a.1");
    cache.observe(key("b", "Ready"), "b.1");
    cache.observe(key("c", "Ready"), "c.1");
    cache.observe(key("a", "Ready"), "a.2"); // a is now the most recently used
    cache.observe(key("d", "Ready"), "d.1"); // evicts b

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.observe(key("a", "Ready"), "a.3").count()).isEqualTo(3);
    assertThat(cache.observe(key("b", "Ready"), "b.2").isFirst()).isTrue();
  }

  @Test
  void forgetStartsANewEventOnlyForTheNamedOne() {
    cache.observe(key("shop", "Ready"), "shop.1");
    cache.forget(key("shop", "Ready"), "shop.other");
    assertThat(cache.observe(key("shop", "Ready"), "shop.2").count()).isEqualTo(2);

    cache.forget(key("shop", "Ready"), "shop.1");
    assertThat(cache.observe(key("shop", "Ready"), "shop.3").eventName()).isEqualTo("shop.3");
  }

  static EventKey key(String name, String reason) {
    return new EventKey(
        "v1", "Pod", "ns", name, "uid-" + name, EventType.NORMAL, reason, "Rollout", "note");
  }
}
