package dev.redline.platform.realtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.realtime.*}.
 *
 * @param outboundQueue frames one connection may have waiting before it counts as a slow reader and
 *     is closed (1..65,536; {@code PLATFORM_WS_QUEUE})
 * @param maxFrameBytes largest client frame accepted (bytes); longer ones get an error frame
 * @param badFrameLimit error frames allowed per {@code badFrameWindow}; one more closes the
 *     connection with 1008 (policy violation)
 * @param badFrameWindow the window of {@code badFrameLimit}
 * @param maxRooms rooms one connection may be in at once
 * @param sendTimeout a socket write stalled this long fails and closes its connection
 * @param syntheticEventsPerSecond load-measurement aid: publish this many synthetic {@code
 *     session.progress} events per second (0 = off; only the {@code load} profile should set it;
 *     {@code PLATFORM_WS_SYNTHETIC_EVENTS})
 * @param syntheticEventsPhaseMillis -1 (default): the synthetic events' ticks run from start-up;
 *     0..59,999: they are aligned to the wall clock, each at this offset (modulo the period) within
 *     its period, so two instances measured at once can emit in turn and not together ({@code
 *     PLATFORM_WS_SYNTHETIC_PHASE_MS}; the gate gives base 0 and head half a period)
 * @param syntheticEventsAlternate with a phase: in every odd period of the wall clock the tick sits
 *     half a period later, so two instances half a period apart take the two slots in turn ({@code
 *     PLATFORM_WS_SYNTHETIC_ALTERNATE}; the gate sets it on both)
 * @param writerThreads fan-out threads that write event frames to the sockets (0: the publishing
 *     thread writes them itself; 0..64; {@code PLATFORM_WS_WRITERS})
 * @param asyncSends write with the library's asynchronous sends (one frame in flight per
 *     connection) instead of blocking sends from the fan-out writer
 * @param buffer Tomcat's per-connection WebSocket buffers (read, write, text encoder, messages;
 *     Tomcat's default is 8KB each): protocol frames are under 400 bytes and longer messages arrive
 *     in parts, so small buffers keep 10,000 connections' heap small. A JVM option {@code
 *     -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} still wins for the first three.
 */
@ConfigurationProperties("platform.realtime")
public record RealtimeSettings(
    @DefaultValue("256") int outboundQueue,
    @DefaultValue("4096") int maxFrameBytes,
    @DefaultValue("10") int badFrameLimit,
    @DefaultValue("10s") Duration badFrameWindow,
    @DefaultValue("100") int maxRooms,
    @DefaultValue("10s") Duration sendTimeout,
    @DefaultValue("0") int syntheticEventsPerSecond,
    @DefaultValue("-1") int syntheticEventsPhaseMillis,
    @DefaultValue("false") boolean syntheticEventsAlternate,
    @DefaultValue("2") int writerThreads,
    @DefaultValue("false") boolean asyncSends,
    @DefaultValue("1KB") DataSize buffer) {

  public RealtimeSettings {
    within("outbound-queue (PLATFORM_WS_QUEUE)", outboundQueue, 1, 65_536);
    within("max-frame-bytes", maxFrameBytes, 1, Integer.MAX_VALUE);
    within("bad-frame-limit", badFrameLimit, 1, Integer.MAX_VALUE);
    within("max-rooms", maxRooms, 1, Integer.MAX_VALUE);
    within(
        "synthetic-events-per-second (PLATFORM_WS_SYNTHETIC_EVENTS)",
        syntheticEventsPerSecond,
        0,
        Integer.MAX_VALUE);
    within(
        "synthetic-events-phase-millis (PLATFORM_WS_SYNTHETIC_PHASE_MS)",
        syntheticEventsPhaseMillis,
        -1,
        59_999);
    within("writer-threads (PLATFORM_WS_WRITERS)", writerThreads, 0, 64);
    within("buffer", buffer.toBytes(), 128, 1 << 20);
    positive("bad-frame-window", badFrameWindow);
    positive("send-timeout", sendTimeout);
  }

  private static void within(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "platform.realtime." + name + " must be " + min + ".." + max + ", got " + value);
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "platform.realtime." + name + " must be positive, got " + value);
    }
  }
}
