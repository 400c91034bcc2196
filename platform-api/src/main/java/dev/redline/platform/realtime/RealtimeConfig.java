package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEventPublisher;
import io.micrometer.observation.ObservationPredicate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Wires {@code /ws}: the handshake check, the handler, Tomcat's per-connection buffers, and the
 * session events feeding the rooms.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(RealtimeSettings.class)
class RealtimeConfig implements WebSocketConfigurer {

  /**
   * Tomcat's per-connection read buffers (bytes and chars). Protocol frames are under 200 bytes and
   * longer ones arrive in parts, so small buffers keep 10,000 connections well under 1 GiB.
   */
  private static final int READ_BUFFER = 1024;

  private final RealtimeHandler handler;
  private final TokenHandshake handshake;

  RealtimeConfig(RealtimeHandler handler, TokenHandshake handshake) {
    this.handler = handler;
    this.handshake = handshake;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, "/ws").addInterceptors(handshake).setAllowedOriginPatterns("*");
  }

  @Bean
  static RoomBroadcaster roomBroadcaster(Writers writers) {
    return new RoomBroadcaster(writers.executors);
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

  @Bean
  ServletServerContainerFactoryBean webSocketContainer(RealtimeSettings settings) {
    ServletServerContainerFactoryBean f = new ServletServerContainerFactoryBean();
    f.setMaxTextMessageBufferSize(READ_BUFFER);
    f.setMaxBinaryMessageBufferSize(READ_BUFFER);
    f.setAsyncSendTimeout(settings.sendTimeout().toMillis());
    return f;
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

  /** Every session event, from this instance or relayed from another, goes to its rooms. */
  @Bean(destroyMethod = "close")
  AutoCloseable sessionEventsToRooms(SessionEventPublisher events, RoomBroadcaster rooms) {
    return events.subscribe(rooms::publish);
  }
}
