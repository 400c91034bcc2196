package dev.redline.platform.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The {@code /ws} meters on {@code /actuator/prometheus}: {@code platform_ws_connections}, {@code
 * platform_ws_subscriptions{kind=sessions|session}}, {@code platform_ws_events_sent_total}, {@code
 * platform_ws_dropped_total{reason=slow_reader|bad_frames}}, {@code platform_ws_bad_frames_total},
 * and the {@code platform_ws_delivery_latency_seconds} histogram ({@code emitted_at} to the end of
 * the frame's write into the socket; buckets 1 ms..10 s).
 */
@Component
class RealtimeMetrics {

  final Counter sent;
  final Counter droppedSlow;
  final Counter droppedBadFrames;
  final Counter badFrames;
  final Timer latency;

  RealtimeMetrics(MeterRegistry registry, RoomBroadcaster rooms, OpenConnections open) {
    Gauge.builder("platform.ws.connections", open, OpenConnections::size)
        .description("Open WebSocket connections")
        .register(registry);
    Gauge.builder("platform.ws.subscriptions", rooms, RoomBroadcaster::sessionsRoomSubscriptions)
        .tag("kind", "sessions")
        .description("Room subscriptions by room kind")
        .register(registry);
    Gauge.builder("platform.ws.subscriptions", rooms, RoomBroadcaster::sessionRoomSubscriptions)
        .tag("kind", "session")
        .description("Room subscriptions by room kind")
        .register(registry);
    sent =
        Counter.builder("platform.ws.events.sent")
            .description("Event frames written to clients")
            .register(registry);
    droppedSlow =
        Counter.builder("platform.ws.dropped")
            .tag("reason", "slow_reader")
            .description("Connections closed by the server")
            .register(registry);
    droppedBadFrames =
        Counter.builder("platform.ws.dropped")
            .tag("reason", "bad_frames")
            .description("Connections closed by the server")
            .register(registry);
    badFrames =
        Counter.builder("platform.ws.bad.frames")
            .description("Client frames answered with an error frame")
            .register(registry);
    latency =
        Timer.builder("platform.ws.delivery.latency")
            .description("emitted_at to the write into the socket, per event frame")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  void delivered(Frame f) {
    if (f.emittedAtMicros() > 0) {
      sent.increment();
      latency.record(Math.max(0, Frame.nowMicros() - f.emittedAtMicros()), TimeUnit.MICROSECONDS);
    }
  }
}
