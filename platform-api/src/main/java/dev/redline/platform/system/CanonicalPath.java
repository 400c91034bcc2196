package dev.redline.platform.system;

/**
 * The one path form the service accepts (see {@link CanonicalPathFilter}): starts with {@code /},
 * holds only RFC 3986 unreserved characters and {@code /}, has no empty segment but a trailing one,
 * and no {@code .} or {@code ..} segment.
 */
public final class CanonicalPath {

  private CanonicalPath() {}

  /**
   * Why {@code path} is not canonical, or null when it is. One pass over the characters, no
   * allocation on the good path.
   */
  public static String problemWith(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return "does not start with /";
    }
    int segmentStart = 1;
    int n = path.length();
    for (int i = 1; i <= n; i++) {
      char c = i < n ? path.charAt(i) : '/';
      if (c == '/') {
        int len = i - segmentStart;
        if (len == 0 && i < n) {
          return "has an empty segment (//)";
        }
        if (len == 1 && path.charAt(segmentStart) == '.'
            || len == 2
                && path.charAt(segmentStart) == '.'
                && path.charAt(segmentStart + 1) == '.') {
          return "has a dot segment (/. or /..)";
        }
        segmentStart = i + 1;
      } else if (!unreserved(c)) {
        return switch (c) {
          case ';' -> "carries a path parameter (;)";
          case '%' -> "carries a percent-encoded character (%)";
          case '\\' -> "carries a backslash";
          default -> "carries the character '" + printable(c) + "'";
        };
      }
    }
    return null;
  }

  private static boolean unreserved(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
