package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @Test
  void entriesExpireAfterTheirOwnTimeToLive() {
    MutableClock clock = new MutableClock();
    ExpiringCache<String, Boolean> cache = new ExpiringCache<>(10, clock);
    cache.put("granted", true, Duration.ofSeconds(30));
    cache.put("refused", false, Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(9));
    assertThat(cache.get("granted")).contains(true);
    assertThat(cache.get("refused")).contains(false);

    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("refused")).isEmpty();
    assertThat(cache.get("granted")).contains(true);

    clock.advance(Duration.ofSeconds(20));
    assertThat(cache.get("granted")).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theLeastRecentlyUsedEntryGoesFirstWhenFull() {
    ExpiringCache<String, Integer> cache = new ExpiringCache<>(2, new MutableClock());
    cache.put("a", 1, Duration.ofMinutes(1));
    cache.put("b", 2, Duration.ofMinutes(1));
    cache.get("a");
    cache.put("c", 3, Duration.ofMinutes(1));

    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("a")).contains(1);
    assertThat(cache.get("c")).contains(3);
    assertThat(cache.size()).isEqualTo(2);
  }
}
