package dev.redline.platform.system;

/** Checks for client text that PostgreSQL cannot store as sent. */
public final class Text {

  private Text() {}

  /**
   * Why {@code s} cannot be stored as it is, or null when it can: PostgreSQL refuses NUL in {@code
   * text} (a 500 before this check), and an unpaired UTF-16 surrogate (a JSON {@code "\ud800"}) has
   * no UTF-8 form, so the driver would silently store {@code ?} in its place.
   */
  public static String unstorable(String s) {
    if (s == null) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "must not contain NUL (U+0000) characters";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be valid Unicode (it contains an unpaired surrogate)";
      }
    }
    return null;
  }
}
