package dev.redline.platform.realtime;

import dev.redline.platform.auth.TokenService;
import dev.redline.platform.session.SessionEventPublisher;
import dev.redline.platform.system.DegradeSpec;
import dev.redline.platform.system.ProblemWriter;
import io.micrometer.observation.ObservationPredicate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires {@code /ws}: the handshake servlet and Spring's WebSocket handler, Tomcat's JSR-356
 * container's buffers, the fan-out writers, Tomcat's channel cache, and the session events feeding
 * the rooms.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RealtimeSettings.class)
class RealtimeConfig {

  /**
   * Closed connections' channels (each with 16 KiB of socket buffers) kept for reuse. Tomcat sizes
   * this cache from the heap and keeps none under a 2 GiB heap, so without it every connection of a
   * storm allocates its buffers anew and the young collections that follow copy them.
   */
  static final int CHANNEL_CACHE = 2048;

  /**
   * Tomcat's system property for its per-session read, write and text-encoder buffers, set from
   * {@code platform.realtime.buffer} before Tomcat reads it unless given with {@code -D}.
   */
  static final String WS_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

  @Bean(destroyMethod = "close")
  RealtimeHandler realtimeHandler(
      RoomBroadcaster rooms,
      RealtimeMetrics metrics,
      RealtimeSettings settings,
      JsonMapper mapper,
      OpenConnections open) {
    return new RealtimeHandler(
        new RealtimeEndpoint.Context(rooms, metrics, settings, mapper, open));
  }

  /** {@code /ws} as its own servlet: the handshake skips the DispatcherServlet. */
  @Bean
  ServletRegistrationBean<RealtimeEndpoint> realtimeEndpoint(
      TokenService tokens, ProblemWriter problems, RealtimeHandler handler) {
    ServletRegistrationBean<RealtimeEndpoint> r =
        new ServletRegistrationBean<>(new RealtimeEndpoint(tokens, problems, handler), "/ws");
    r.setName("realtime");
    r.setLoadOnStartup(1);
    return r;
  }

  /** The rooms; {@code PLATFORM_DEGRADE=latency:P@/ws} stretches their fan-out (gate tests). */
  @Bean
  static RoomBroadcaster roomBroadcaster(Writers writers, DegradeSpec degrade) {
    RoomBroadcaster rooms = new RoomBroadcaster(writers.executors);
    rooms.stretchDelivery(degrade.wsDeliveryPercent());
    return rooms;
  }

  @Bean(destroyMethod = "close")
  static Writers realtimeWriters(RealtimeSettings settings) {
    return new Writers(settings.writerThreads());
  }

  /** The fan-out threads ({@code platform.realtime.writer-threads}), stopped with the context. */
  static final class Writers implements AutoCloseable {
    final ExecutorService[] executors;

    Writers(int n) {
      executors = new ExecutorService[n];
      for (int i = 0; i < n; i++) {
        String name = "ws-writer-" + i;
        executors[i] =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, name);
                  t.setDaemon(true);
                  return t;
                });
      }
    }

    @Override
    public void close() {
      for (ExecutorService e : executors) {
        e.shutdownNow();
      }
    }
  }

  /**
   * The JSR-356 container's message buffers and asynchronous send timeout. Only in a web
   * application: the seed-only start ({@code --seed.only}) has no servlet context to hold it.
   */
  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static ServletServerContainerFactoryBean webSocketContainer(RealtimeSettings settings) {
    ServletServerContainerFactoryBean f = new ServletServerContainerFactoryBean();
    int buffer = (int) settings.buffer().toBytes();
    f.setMaxTextMessageBufferSize(buffer);
    f.setMaxBinaryMessageBufferSize(buffer);
    f.setAsyncSendTimeout(settings.sendTimeout().toMillis());
    return f;
  }

  /** Runs before Tomcat starts, so both settings are in place for its first connection. */
  @Bean
  static WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionBuffers(
      RealtimeSettings settings) {
    return factory -> {
      if (System.getProperty(WS_BUFFER_PROPERTY) == null) {
        System.setProperty(WS_BUFFER_PROPERTY, Long.toString(settings.buffer().toBytes()));
      }
      factory.addConnectorCustomizers(
          c -> c.setProperty("socket.bufferPool", Integer.toString(CHANNEL_CACHE)));
    };
  }

  /**
   * The {@code /ws} upgrade is counted by {@code platform_ws_connections}; observing it as an HTTP
   * request too cost about 7% of a handshake's CPU (async-profiler, 1,000 handshakes at once).
   */
  @Bean
  static ObservationPredicate noHttpObservationOfWebSocketUpgrades() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext c
            && c.getCarrier() != null
            && "/ws".equals(c.getCarrier().getRequestURI()));
  }

  /** A gap in the events relayed between instances: every client is told to re-read. */
  @Bean(destroyMethod = "close")
  AutoCloseable resyncOnEventGaps(SessionEventPublisher events, OpenConnections open) {
    return events.onGap(open::resync);
  }

  /** Every session event, from this instance or relayed from another, goes to its rooms. */
  @Bean(destroyMethod = "close")
  AutoCloseable sessionEventsToRooms(SessionEventPublisher events, RoomBroadcaster rooms) {
    return events.subscribe(rooms::publish);
  }
}
