package dev.redline.platform.session;

import java.util.Locale;

public enum SessionStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The status for a wire value, or null when unknown. */
  public static SessionStatus fromWire(String s) {
    for (SessionStatus v : values()) {
      if (v.wire.equals(s)) {
        return v;
      }
    }
    return null;
  }
}
