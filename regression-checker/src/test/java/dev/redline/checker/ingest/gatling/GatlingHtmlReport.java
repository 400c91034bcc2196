package dev.redline.checker.ingest.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test-only view of the figures Gatling 3.15.1's own HTML report prints for a run (this version
 * writes no stats JSON; the tables live in the HTML pages). Used to check the decoder against
 * Gatling, never by the product.
 */
final class GatlingHtmlReport {
  /** One request page's summary table: row title to {total, ok, ko} as printed ("-" if none). */
  record Table(Map<String, String[]> rows) {
    String total(String row) {
      return get(row)[0];
    }

    String ok(String row) {
      return get(row)[1];
    }

    String ko(String row) {
      return get(row)[2];
    }

    private String[] get(String row) {
      String[] v = rows.get(row);
      if (v == null) {
        throw new IllegalArgumentException("no row '" + row + "' in " + rows.keySet());
      }
      return v;
    }
  }

  private static final Pattern TITLE = Pattern.compile("<title>Gatling Stats - (.*?)</title>");
  private static final Pattern SUMMARY_ROW =
      Pattern.compile(
          "<td class=\"title\">(.*?)(?:</abbr>)?</td>\\s*"
              + "<td class=\"total\">(.*?)</td>\\s*<td class=\"ok\">(.*?)</td>\\s*"
              + "<td class=\"ko\">(.*?)</td>");
  private static final Pattern ROOT_ROW =
      Pattern.compile("<tr id=\"ROOT\" >(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern CELL =
      Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">(.*?)</td>");
  private static final Pattern VERSION = Pattern.compile("Version: </span>\\s*<span>(.*?)</span>");

  private final Path folder;

  GatlingHtmlReport(Path folder) {
    this.folder = folder;
  }

  /** The Gatling version the report names. */
  String gatlingVersion() {
    Matcher m = VERSION.matcher(read(folder.resolve("index.html")));
    if (!m.find()) {
      throw new IllegalStateException("no version in index.html of " + folder);
    }
    return m.group(1);
  }

  /**
   * The "All Requests" row of index.html by column: 2 count, 3 ok, 4 ko, 5 ko %, 6 rps, 7 min, 8
   * p50, 9 p75, 10 p95, 11 p99, 12 max, 13 mean, 14 std dev (all over OK and KO together).
   */
  Map<Integer, String> allRequests() {
    Matcher row = ROOT_ROW.matcher(read(folder.resolve("index.html")));
    if (!row.find()) {
      throw new IllegalStateException("no All Requests row in index.html of " + folder);
    }
    Map<Integer, String> cells = new TreeMap<>();
    Matcher cell = CELL.matcher(row.group(1));
    while (cell.find()) {
      cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim());
    }
    return cells;
  }

  /** Each request page's summary table, by the page's title (group path / request name). */
  Map<String, Table> requests() {
    Map<String, Table> tables = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path page : files.filter(p -> p.getFileName().toString().startsWith("req_")).toList()) {
        String html = read(page);
        Matcher title = TITLE.matcher(html);
        if (!title.find()) {
          throw new IllegalStateException("no title in " + page);
        }
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher row = SUMMARY_ROW.matcher(html);
        while (row.find()) {
          rows.put(
              row.group(1).trim(),
              new String[] {row.group(2).trim(), row.group(3).trim(), row.group(4).trim()});
        }
        tables.put(unescape(title.group(1)), new Table(rows));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tables;
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
