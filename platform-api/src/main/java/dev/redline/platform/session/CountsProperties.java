package dev.redline.platform.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.counts.*}: the session counters ({@code V3__session_counts_by_time.sql}). {@code
 * fold-interval} is also read by {@link SessionCounts}'s schedule; binding it here checks it at
 * start-up and gives it metadata.
 *
 * @param foldInterval how often pending count deltas are folded into the per-status, per-hour and
 *     per-day counters ({@code PLATFORM_COUNTS_FOLD_INTERVAL}); totals are exact at any value, a
 *     longer one leaves more pending deltas for each read to add
 */
@ConfigurationProperties("platform.counts")
public record CountsProperties(@DefaultValue("200ms") Duration foldInterval) {

  public CountsProperties {
    if (foldInterval.isNegative() || foldInterval.isZero()) {
      throw new IllegalArgumentException(
          "platform.counts.fold-interval (PLATFORM_COUNTS_FOLD_INTERVAL) must be positive, got "
              + foldInterval);
    }
  }
}
