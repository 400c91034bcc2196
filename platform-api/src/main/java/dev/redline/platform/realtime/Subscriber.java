package dev.redline.platform.realtime;

/** Something a {@link RoomBroadcaster} delivers frames to: one WebSocket connection's outbox. */
public interface Subscriber {

  /**
   * Queues a frame without blocking.
   *
   * @return false when the subscriber is closed or has just overflowed (it closes itself then)
   */
  boolean offer(Frame frame);
}
