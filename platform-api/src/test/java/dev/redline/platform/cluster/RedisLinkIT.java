package dev.redline.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link RedisLink} against the real Redis of {@code REDIS_URL} (CI sets it; skipped without it):
 * channels listened to while the link makes its first connection are all subscribed. A service
 * registers its listeners during start-up, while the link's watchdog is connecting; a channel added
 * in the middle of that connect was once never subscribed, and that instance silently missed every
 * relayed event.
 */
class RedisLinkIT {

  @RepeatedTest(3)
  void everyChannelListenedToDuringTheFirstConnectIsSubscribed() {
    String url = System.getenv("REDIS_URL");
    Assumptions.assumeTrue(url != null && !url.isBlank(), "REDIS_URL is not set");
    String prefix = "redline-link-it-" + UUID.randomUUID() + ":";
    List<String> names = new ArrayList<>();
    try (RedisLink link = new RedisLink(url, prefix, Duration.ofSeconds(1), null)) {
      // From the first microsecond, all through the connect and 50 channels past it.
      int past = 0;
      while (past < 50 && names.size() < 20_000) {
        if (link.isUp()) {
          past++;
        }
        String name = "c" + names.size();
        link.listen(name, m -> {});
        names.add(name);
        LockSupport.parkNanos(50_000);
      }
      assertThat(link.isUp()).as("the link came up").isTrue();
      RedisClient client = RedisClient.create(url);
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        List<String> unsubscribed = new ArrayList<>();
        for (String name : names) {
          if (c.sync().publish(prefix + name, "x") != 1) {
            unsubscribed.add(name);
          }
        }
        assertThat(unsubscribed).as("channels nobody subscribed, of %d", names.size()).isEmpty();
      } finally {
        client.shutdown();
      }
    }
  }
}
