package dev.redline.platform.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's link to Redis: one command connection, one pub/sub connection, and whether both
 * are up. Lettuce reconnects (and re-subscribes) by itself; a watchdog polls the connections every
 * {@value #WATCH_MILLIS} ms and logs each change once. After an outage it counts as up only once
 * Redis has confirmed the subscriptions and the "back up" hooks have run (callers drop local state
 * that may have missed messages), so no message published after that can be missed. While down,
 * commands fail fast (no queueing) and callers fall back to PostgreSQL or local state. If Redis is
 * absent at start-up the service starts anyway and keeps trying.
 *
 * <p>Every key and channel starts with {@code prefix}, so test runs and instances of different
 * deployments on one Redis do not meet.
 */
public final class RedisLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  static final long WATCH_MILLIS = 500;

  /** Where listeners of acknowledged channels report that they have handled a message. */
  static final String ACK_CHANNEL = "ack";

  private final ClientResources resources;
  private final RedisClient client;
  private final String prefix;
  private final String instanceId = UUID.randomUUID().toString();
  private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
  private final List<Runnable> onUp = new CopyOnWriteArrayList<>();
  private final List<Runnable> afterUp = new CopyOnWriteArrayList<>();

  /** Acknowledgements counted per message id of {@link #publishAcknowledged} calls waiting. */
  private final Map<String, AtomicInteger> awaiting = new ConcurrentHashMap<>();

  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "redis-link");
            t.setDaemon(true);
            return t;
          });

  private volatile StatefulRedisConnection<String, String> commands;
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private volatile boolean up;
  private volatile long downSinceMillis = System.currentTimeMillis();

  /**
   * @param url {@code redis://host:port[/db]}
   * @param prefix key and channel prefix, e.g. {@code redline:}
   * @param timeout per-command limit; a slower Redis counts as down for that call (e.g. 250 ms)
   */
  public RedisLink(String url, String prefix, Duration timeout, MeterRegistry registry) {
    this.prefix = prefix;
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    // Reconnect every 500 ms while Redis is away (Lettuce's default backs off to 30 s).
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(Delay.constant(Duration.ofMillis(500)))
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
            .build());
    if (registry != null) {
      Gauge.builder("platform.redis.up", this, l -> l.isUp() ? 1 : 0)
          .description("1 while this instance's Redis connections are up")
          .register(registry);
    }
    channels.put(prefix + ACK_CHANNEL, this::acknowledged);
    log.info("Redis {} (key prefix '{}'), instance {}", redacted(uri), prefix, instanceId);
    watchdog.scheduleWithFixedDelay(this::watch, 0, WATCH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Redis commands for this instance; throws when Redis is down (callers fall back). */
  public RedisCommands<String, String> sync() {
    StatefulRedisConnection<String, String> c = commands;
    if (c == null || !up) {
      throw new IllegalStateException("Redis is down");
    }
    return c.sync();
  }

  /** True while both connections are connected. */
  public boolean isUp() {
    return up;
  }

  public String prefix() {
    return prefix;
  }

  /** A random id of this process, carried in messages so an instance can skip its own. */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Calls {@code listener} with every message on {@code prefix + channel} (on a Lettuce thread).
   */
  public void listen(String channel, Consumer<String> listener) {
    StatefulRedisPubSubConnection<String, String> p;
    // With connect(): either its snapshot of the channels holds this one, or this call sees its
    // connection and subscribes itself. Unlocked, a channel added while connect() was subscribing
    // was never subscribed (ClusterIT missed every relayed event on one instance now and then).
    synchronized (channels) {
      channels.put(prefix + channel, listener);
      p = pubsub;
    }
    if (p != null) {
      // Confirmed before the caller goes on (at most 2 s): subscribed asynchronously, an instance
      // counted as up could miss an eviction published right after it started, and serve a stale
      // cached entry until its TTL (ClusterIT caught it). Unconfirmed, the reconnect path
      // subscribes again.
      try {
        p.async().subscribe(prefix + channel).toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        log.warn("Subscribing to {}{} not confirmed: {}", prefix, channel, e.toString());
      }
    }
  }

  /**
   * Like {@link #listen}, for messages sent with {@link #publishAcknowledged}: once {@code
   * listener} has returned, this instance acknowledges the message to its sender.
   */
  public void listenAcknowledged(String channel, Consumer<String> listener) {
    listen(
        channel,
        msg -> {
          int nl = msg.indexOf('\n');
          if (nl < 0) {
            log.warn("Unacknowledgeable message on {}{}: no id", prefix, channel);
            return;
          }
          listener.accept(msg.substring(nl + 1));
          publishAsync(ACK_CHANNEL, msg.substring(0, nl));
        });
  }

  /**
   * Publishes to a channel heard with {@link #listenAcknowledged} and waits until every instance
   * that received it (this one included) has handled it, at most {@code wait}.
   *
   * @return false when Redis is down or failed, or not every receiver answered in time
   */
  public boolean publishAcknowledged(String channel, String message, Duration wait) {
    String id = instanceId + "/" + sequence.incrementAndGet();
    AtomicInteger acks = new AtomicInteger();
    awaiting.put(id, acks);
    try {
      long receivers;
      try {
        receivers = sync().publish(prefix + channel, id + "\n" + message);
      } catch (RuntimeException e) {
        markDown(e);
        return false;
      }
      long deadline = System.nanoTime() + wait.toNanos();
      synchronized (acks) {
        while (acks.get() < receivers) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            log.warn(
                "{} of {} instance(s) acknowledged a message on {}{} within {} ms",
                acks.get(),
                receivers,
                prefix,
                channel,
                wait.toMillis());
            return false;
          }
          acks.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      awaiting.remove(id);
    }
  }

  private void acknowledged(String id) {
    AtomicInteger acks = awaiting.get(id);
    if (acks != null) {
      synchronized (acks) {
        acks.incrementAndGet();
        acks.notifyAll();
      }
    }
  }

  /**
   * Runs {@code hook} each time Redis comes back after being down (not on the first connect),
   * before this instance counts as up again.
   */
  public void onReconnect(Runnable hook) {
    onUp.add(hook);
  }

  /**
   * Runs {@code hook} each time Redis comes back after being down, once this instance counts as up
   * again (so it can publish).
   */
  public void afterReconnect(Runnable hook) {
    afterUp.add(hook);
  }

  /** Publishes without waiting (the event relay: the publisher must not wait on Redis). */
  public void publishAsync(String channel, String message) {
    StatefulRedisConnection<String, String> c = commands;
    if (c == null || !up) {
      return;
    }
    c.async()
        .publish(prefix + channel, message)
        .exceptionally(
            e -> {
              markDown(e);
              return 0L;
            });
  }

  /** A failed call: the watchdog decides from the connection state; this only logs the cause. */
  void markDown(Throwable e) {
    if (up) {
      log.warn("Redis call failed: {}", e.toString());
    }
  }

  private void watch() {
    try {
      if (commands == null) {
        connect();
      }
      boolean nowUp = commands != null && commands.isOpen() && pubsub != null && pubsub.isOpen();
      if (nowUp && !up) {
        boolean reconnect = downSinceMillis > 0 && everUp;
        if (reconnect) {
          // Lettuce re-subscribes on its own, but an open connection is not yet a confirmed
          // subscription: wait for Redis to confirm it (a repeated SUBSCRIBE is harmless), then
          // drop the caches, and only then count as up. Marked up earlier, this instance could
          // cache a value and miss the eviction published just after.
          if (!channels.isEmpty()) {
            pubsub.sync().subscribe(channels.keySet().toArray(String[]::new));
          }
          for (Runnable r : onUp) {
            try {
              r.run();
            } catch (RuntimeException e) {
              log.warn("Redis reconnect hook failed: {}", e.toString());
            }
          }
        }
        up = true;
        everUp = true;
        log.warn(
            "Redis is UP{}",
            reconnect
                ? " again after "
                    + (System.currentTimeMillis() - downSinceMillis)
                    + " ms; subscriptions confirmed, local caches that may have missed"
                    + " evictions dropped"
                : "");
        if (reconnect) {
          for (Runnable r : afterUp) {
            try {
              r.run();
            } catch (RuntimeException e) {
              log.warn("Redis reconnect hook failed: {}", e.toString());
            }
          }
        }
      } else if (!nowUp && up) {
        up = false;
        downSinceMillis = System.currentTimeMillis();
        log.warn(
            "Redis is DOWN: serving from PostgreSQL (no shared cache), rate limits per instance,"
                + " no cross-instance events until it returns");
      }
    } catch (RuntimeException e) {
      if (everUp || !loggedStartFailure) {
        log.warn("Redis not reachable yet ({}); retrying every {} ms", e.toString(), WATCH_MILLIS);
        loggedStartFailure = true;
      }
    }
  }

  private volatile boolean everUp;
  private volatile boolean loggedStartFailure;

  private void connect() {
    StatefulRedisConnection<String, String> c = client.connect();
    StatefulRedisPubSubConnection<String, String> p;
    try {
      p = client.connectPubSub();
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    p.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            Consumer<String> l = channels.get(channel);
            if (l != null) {
              try {
                l.accept(message);
              } catch (RuntimeException e) {
                log.warn("Redis message on {} failed: {}", channel, e.toString());
              }
            }
          }
        });
    String[] names;
    synchronized (channels) {
      pubsub = p;
      names = channels.keySet().toArray(String[]::new);
    }
    try {
      if (names.length > 0) {
        p.sync().subscribe(names);
      }
    } catch (RuntimeException e) {
      pubsub = null;
      p.close();
      c.close();
      throw e;
    }
    commands = c;
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    up = false;
    if (pubsub != null) {
      pubsub.close();
    }
    if (commands != null) {
      commands.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private static String redacted(RedisURI uri) {
    return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
  }
}
