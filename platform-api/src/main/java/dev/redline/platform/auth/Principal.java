package dev.redline.platform.auth;

/** The authenticated caller of a request; stored as request attribute {@link #ATTRIBUTE}. */
public record Principal(long userId, String name, Role role) {
  public static final String ATTRIBUTE = "dev.redline.platform.auth.Principal";
}
