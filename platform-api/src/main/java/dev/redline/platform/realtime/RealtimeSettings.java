package dev.redline.platform.realtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.realtime.*}.
 *
 * @param outboundQueue frames one connection may have waiting before it counts as a slow reader and
 *     is closed (1..65,536)
 * @param maxFrameBytes largest client frame accepted (bytes); longer ones get an error frame
 * @param badFrameLimit error frames allowed per {@code badFrameWindow}; one more closes the
 *     connection with 1008 (policy violation)
 * @param badFrameWindow the window of {@code badFrameLimit}
 * @param maxRooms rooms one connection may be in at once
 * @param sendTimeout a socket write stalled this long fails and closes its connection
 * @param syntheticEventsPerSecond load-measurement aid: publish this many synthetic {@code
 *     session.progress} events per second (0 = off; only the {@code load} profile should set it)
 * @param writerThreads fan-out threads that write event frames to the sockets (0: the publishing
 *     thread writes them itself); default 2
 * @param asyncSends write with the library's asynchronous sends (one frame in flight per
 *     connection) instead of blocking sends from the fan-out writer; default false
 */
@ConfigurationProperties("platform.realtime")
public record RealtimeSettings(
    int outboundQueue,
    int maxFrameBytes,
    int badFrameLimit,
    Duration badFrameWindow,
    int maxRooms,
    Duration sendTimeout,
    int syntheticEventsPerSecond,
    Integer writerThreads,
    boolean asyncSends) {

  public RealtimeSettings {
    outboundQueue = outboundQueue <= 0 ? 256 : outboundQueue;
    maxFrameBytes = maxFrameBytes <= 0 ? 4096 : maxFrameBytes;
    badFrameLimit = badFrameLimit <= 0 ? 10 : badFrameLimit;
    badFrameWindow = badFrameWindow == null ? Duration.ofSeconds(10) : badFrameWindow;
    maxRooms = maxRooms <= 0 ? 100 : maxRooms;
    sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
    writerThreads = writerThreads == null ? 2 : writerThreads;
    if (writerThreads < 0 || writerThreads > 64) {
      throw new IllegalArgumentException(
          "platform.realtime.writer-threads (PLATFORM_WS_WRITERS) must be 0..64, got "
              + writerThreads);
    }
  }
}
