package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEventPublisher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
  static RoomBroadcaster roomBroadcaster() {
    return new RoomBroadcaster();
  }

  @Bean
  ServletServerContainerFactoryBean webSocketContainer(RealtimeSettings settings) {
    ServletServerContainerFactoryBean f = new ServletServerContainerFactoryBean();
    f.setMaxTextMessageBufferSize(READ_BUFFER);
    f.setMaxBinaryMessageBufferSize(READ_BUFFER);
    f.setAsyncSendTimeout(settings.sendTimeout().toMillis());
    return f;
  }

  /** Every session event, from this instance or relayed from another, goes to its rooms. */
  @Bean(destroyMethod = "close")
  AutoCloseable sessionEventsToRooms(SessionEventPublisher events, RoomBroadcaster rooms) {
    return events.subscribe(rooms::publish);
  }
}
