package dev.redline.platform.auth;

import java.util.Locale;

/** Roles are ordered: each one may do everything the ones before it may. */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  public boolean covers(Role required) {
    return ordinal() >= required.ordinal();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
