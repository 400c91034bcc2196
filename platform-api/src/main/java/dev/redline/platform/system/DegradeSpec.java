package dev.redline.platform.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The regression corpus a build is degraded with: {@code PLATFORM_DEGRADE} (property {@code
 * platform.degrade}), a comma-separated list of {@code KIND:AMOUNT[@[METHOD ]PATTERN]} entries,
 * e.g. {@code cpu:12@GET /api/v1/config/**,query:1@GET /api/v1/models/*}. Without a route an entry
 * applies to every {@code /api} request. The older {@code PLATFORM_DEGRADE_PERCENT=P} is {@code
 * latency:P}. Entries with amount 0 are parsed and checked, then dropped. {@code latency:P@/ws}
 * degrades WebSocket event delivery instead of a request: each event frame's fan-out takes P%
 * longer (see {@link #wsDeliveryPercent()}).
 */
public record DegradeSpec(List<Entry> entries) {

  static final int MAX_AMOUNT = 1000;
  private static final String ALL_API = "/api/**";

  /** The one non-{@code /api} route an entry may name: WebSocket event delivery. */
  static final String WS = "/ws";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");
  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

  /** What an entry adds to a matching request, each in proportion to the request's own cost. */
  enum Kind {
    LATENCY("latency", "wall time, slept"),
    CPU("cpu", "thread CPU time, burnt in a hash loop"),
    ALLOC("alloc", "allocated bytes, in short-lived arrays"),
    QUERY("query", "SQL round trip(s) per request (SELECT 1 each), an N+1 shape"),
    LOCK("lock", "wall time holding one JVM-wide lock, so requests queue on it");

    final String wire;
    final String adds;

    Kind(String wire, String adds) {
      this.wire = wire;
      this.adds = adds;
    }

    static String names() {
      StringBuilder b = new StringBuilder();
      for (Kind k : values()) {
        b.append(b.isEmpty() ? "" : ", ").append(k.wire);
      }
      return b.toString();
    }
  }

  /**
   * One entry: {@code amount} is a percent of the request's own cost, or for {@link Kind#QUERY} a
   * count of statements. {@code method} is null for any method. {@code prefix} is how every path
   * the pattern matches begins (its literal start, up to a wildcard or variable and without a
   * trailing '/'), for {@link #precheck}.
   */
  record Entry(
      Kind kind, int amount, String method, PathPattern pattern, String text, String prefix) {

    Entry(Kind kind, int amount, String method, PathPattern pattern, String text) {
      this(kind, amount, method, pattern, text, literalStart(pattern.getPatternString()));
    }

    private static String literalStart(String pattern) {
      int end = pattern.length();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '*' || c == '?' || c == '{') {
          end = i;
          break;
        }
      }
      String start = pattern.substring(0, end);
      return start.endsWith("/") ? start.substring(0, start.length() - 1) : start;
    }

    /** False only when the entry cannot match: the method differs or the path starts otherwise. */
    boolean mayMatch(String requestMethod, String requestUri) {
      if (ws() || (method != null && !method.equals(requestMethod))) {
        return false;
      }
      // An encoded or parameterised path is matched decoded and without its ';' parameters.
      return requestUri.startsWith(prefix)
          || requestUri.indexOf('%') >= 0
          || requestUri.indexOf(';') >= 0;
    }

    boolean matches(String requestMethod, PathContainer path) {
      return !ws() && (method == null || method.equals(requestMethod)) && pattern.matches(path);
    }

    /** A {@code latency:P@/ws} entry: WebSocket event delivery, never an HTTP request. */
    boolean ws() {
      return WS.equals(pattern.getPatternString());
    }

    /** One line of the start-up banner. */
    String describe() {
      if (ws()) {
        return text + ": +" + amount + "% of each event frame's own fan-out time, spun";
      }
      String scope = text.indexOf('@') < 0 ? " (every /api route)" : "";
      String adds =
          kind == Kind.QUERY
              ? "+" + amount + " " + kind.adds
              : "+" + amount + "% of the request's own " + kind.adds;
      return text + scope + ": " + adds;
    }
  }

  static final DegradeSpec NONE = new DegradeSpec(List.of());

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * How much longer, in percent of its own time, each subscriber's share of an event's fan-out
   * takes ({@code latency:P@/ws} entries, summed); 0 without one.
   */
  public int wsDeliveryPercent() {
    int p = 0;
    for (Entry e : entries) {
      if (e.ws()) {
        p += e.amount();
      }
    }
    return p;
  }

  /** {@link #precheck} bit: an entry may apply to the request. */
  static final int MAY_MATCH = 1;

  /** {@link #precheck} bit: a {@code cpu} entry may apply to the request. */
  static final int MAY_CPU = 2;

  /**
   * Which entries may apply to a request, from its method and the start of its path alone (no
   * parsing): {@link #MAY_MATCH} and {@link #MAY_CPU} bits, 0 when none can. A request that passes
   * is then {@link #matching matched} in full.
   */
  int precheck(String method, String requestUri) {
    int bits = 0;
    for (Entry e : entries) {
      if (e.mayMatch(method, requestUri)) {
        bits |= e.kind() == Kind.CPU ? MAY_MATCH | MAY_CPU : MAY_MATCH;
      }
    }
    return bits;
  }

  /** Entries that apply to this request, in spec order. */
  List<Entry> matching(String method, String requestUri) {
    PathContainer path = PathContainer.parsePath(requestUri);
    List<Entry> hits = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.matches(method, path)) {
        hits.add(e);
      }
    }
    return hits;
  }

  /**
   * The spec from both settings: {@code spec} ({@code PLATFORM_DEGRADE}) and {@code percent} (the
   * older {@code PLATFORM_DEGRADE_PERCENT}, "0" or blank when unset).
   *
   * @throws IllegalArgumentException naming the bad entry and what is wrong with it
   */
  static DegradeSpec resolve(String spec, String percent) {
    boolean hasSpec = spec != null && !spec.isBlank();
    String p = percent == null ? "" : percent.trim();
    boolean hasPercent = !p.isEmpty() && !p.equals("0");
    if (hasSpec && hasPercent) {
      throw new IllegalArgumentException(
          "PLATFORM_DEGRADE and PLATFORM_DEGRADE_PERCENT are both set; PLATFORM_DEGRADE_PERCENT="
              + p
              + " means PLATFORM_DEGRADE=latency:"
              + p
              + ", so keep one of them");
    }
    if (hasPercent) {
      int amount = amount("PLATFORM_DEGRADE_PERCENT=" + p, p, "percent");
      return amount == 0
          ? NONE
          : new DegradeSpec(List.of(allApi(Kind.LATENCY, amount, "latency:" + p)));
    }
    return hasSpec ? parse(spec) : NONE;
  }

  /**
   * Parses {@code PLATFORM_DEGRADE}.
   *
   * @throws IllegalArgumentException naming the bad entry and what is wrong with it
   */
  static DegradeSpec parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    String[] parts = spec.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String text = parts[i].trim();
      if (text.isEmpty()) {
        throw new IllegalArgumentException(
            "PLATFORM_DEGRADE entry "
                + (i + 1)
                + " of '"
                + spec.trim()
                + "' is empty (entries are KIND:AMOUNT[@ROUTE], separated by single commas)");
      }
      Entry e = entry(text);
      if (e.amount() > 0) {
        entries.add(e);
      }
    }
    return new DegradeSpec(List.copyOf(entries));
  }

  private static Entry entry(String text) {
    int at = text.indexOf('@');
    String head = (at < 0 ? text : text.substring(0, at)).trim();
    int colon = head.indexOf(':');
    if (colon < 0) {
      throw bad(text, "missing ':' between kind and amount (KIND:AMOUNT[@ROUTE], e.g. cpu:10)");
    }
    String kindText = head.substring(0, colon).trim();
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.wire.equals(kindText.toLowerCase(Locale.ROOT))) {
        kind = k;
      }
    }
    if (kind == null) {
      throw bad(text, "unknown kind '" + kindText + "' (one of " + Kind.names() + ")");
    }
    int amount =
        amount(
            "PLATFORM_DEGRADE entry '" + text + "'",
            head.substring(colon + 1).trim(),
            kind == Kind.QUERY ? "query count" : "percent");
    if (at < 0) {
      return allApi(kind, amount, text);
    }
    String route = text.substring(at + 1).trim();
    if (route.isEmpty()) {
      throw bad(text, "nothing after '@' (a route is [METHOD ]PATTERN, e.g. GET /api/v1/models/*)");
    }
    String method = null;
    String patternText = route;
    int space = route.indexOf(' ');
    if (space >= 0) {
      method = route.substring(0, space);
      patternText = route.substring(space + 1).trim();
      if (!METHODS.contains(method)) {
        throw bad(
            text,
            "unknown HTTP method '"
                + method
                + "' (one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE)");
      }
    }
    if (!patternText.startsWith("/")) {
      throw bad(text, "bad pattern '" + patternText + "': a path pattern starts with '/'");
    }
    if (patternText.equals(WS)) {
      if (kind != Kind.LATENCY || method != null) {
        throw bad(
            text, "only latency applies to /ws (event delivery), with no method: latency:P@/ws");
      }
    } else if (!patternText.equals("/api") && !patternText.startsWith("/api/")) {
      throw bad(
          text,
          "bad pattern '"
              + patternText
              + "': only /api routes and /ws are degraded, so it starts with /api/ or is /ws");
    }
    if (patternText.indexOf(' ') >= 0) {
      throw bad(text, "bad pattern '" + patternText + "': a path pattern has no spaces");
    }
    PathPattern pattern;
    try {
      pattern = PARSER.parse(patternText);
    } catch (PatternParseException ex) {
      throw bad(text, "bad pattern '" + patternText + "': " + ex.getMessage());
    }
    return new Entry(kind, amount, method, pattern, text);
  }

  private static Entry allApi(Kind kind, int amount, String text) {
    return new Entry(kind, amount, null, PARSER.parse(ALL_API), text);
  }

  private static int amount(String where, String value, String what) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          where + ": " + what + " '" + value + "' is not a whole number (0.." + MAX_AMOUNT + ")");
    }
    if (n < 0 || n > MAX_AMOUNT) {
      throw new IllegalArgumentException(
          where + ": " + what + " " + n + " is out of range 0.." + MAX_AMOUNT);
    }
    return n;
  }

  private static IllegalArgumentException bad(String entry, String problem) {
    return new IllegalArgumentException("PLATFORM_DEGRADE entry '" + entry + "': " + problem);
  }
}
