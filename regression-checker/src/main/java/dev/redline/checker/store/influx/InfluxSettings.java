package dev.redline.checker.store.influx;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the InfluxDB 1.x results store is. Read from the environment only, so a password never
 * appears on a command line or in a process list.
 *
 * @param url {@code INFLUX_URL}, for example {@code http://127.0.0.1:8086}
 * @param database {@code INFLUX_DB}, default {@value #DEFAULT_DATABASE}; created when missing
 * @param user {@code INFLUX_USER}, null when the server has no authentication
 * @param password {@code INFLUX_PASSWORD}, null with no user
 */
public record InfluxSettings(String url, String database, String user, String password) {
  public static final String DEFAULT_DATABASE = "redline";

  public InfluxSettings {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("INFLUX_URL is empty; set it to http://host:port.");
    }
    URI parsed;
    try {
      parsed = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("INFLUX_URL '" + url + "' is not a URL.", e);
    }
    if (parsed.getScheme() == null
        || !(parsed.getScheme().equals("http") || parsed.getScheme().equals("https"))
        || parsed.getHost() == null) {
      throw new IllegalArgumentException(
          "INFLUX_URL '" + url + "' is not an http(s)://host:port URL.");
    }
    url = url.trim().replaceAll("/+$", "");
    database = database == null || database.isBlank() ? DEFAULT_DATABASE : database.trim();
    user = user == null || user.isBlank() ? null : user;
    password = user == null ? null : password;
  }

  /**
   * The settings from {@code INFLUX_URL} and friends, or empty when {@code INFLUX_URL} is unset.
   */
  public static Optional<InfluxSettings> fromEnvironment(Map<String, String> env) {
    String url = env.get("INFLUX_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new InfluxSettings(
            url, env.get("INFLUX_DB"), env.get("INFLUX_USER"), env.get("INFLUX_PASSWORD")));
  }

  /** {@code InfluxDB http://127.0.0.1:8086 (database redline)}; never shows the password. */
  public String describe() {
    return "InfluxDB " + url + " (database " + database + ")";
  }

  @Override
  public String toString() {
    return describe() + (user == null ? "" : " as " + user);
  }
}
