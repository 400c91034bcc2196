package dev.redline.checker.store;

import dev.redline.checker.changepoint.ChangePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The change points reported so far and their acknowledgements, kept with the history: {@code
 * <history>/change-points/log.json} ({@code redline-change-points/1}), written atomically like
 * every history file. It is what makes a change point "new" (not in the log yet) and what keeps an
 * acknowledged one quiet on later nights.
 */
public final class ChangePointLog {
  /**
   * Beside the run files, in a folder of its own (the history lists every top-level JSON as a run).
   */
  public static final String FILE = "change-points/log.json";

  public static final String FORMAT = "redline-change-points/1";

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final LocalHistoryStore history;
  private final Path file;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private boolean changed;

  /**
   * One logged change point.
   *
   * @param id its id
   * @param series suite, profile, branch and measurement, NUL-separated
   * @param firstAfterRunId the first run after the shift when it was first found
   * @param firstSeen when it was first found
   * @param acknowledged accepted as the new normal
   * @param reason why
   * @param acknowledgedAt when, or null
   */
  public record Entry(
      String id,
      String series,
      String firstAfterRunId,
      Instant firstSeen,
      boolean acknowledged,
      String reason,
      Instant acknowledgedAt) {}

  /** Reads the log of a history folder (empty when there is none yet). */
  public ChangePointLog(Path historyDir) throws StoreException {
    this.history = new LocalHistoryStore(historyDir);
    this.file = history.dir().resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new StoreException(
            "The change-point log "
                + file
                + " has format '"
                + root.path("format").asText()
                + "', expected "
                + FORMAT
                + "; move it away.");
      }
      for (JsonNode e : root.path("changePoints")) {
        Entry entry =
            new Entry(
                e.path("id").asText(),
                e.path("series").asText(),
                e.path("firstAfterRunId").asText(),
                Instant.parse(e.path("firstSeen").asText()),
                e.path("acknowledged").asBoolean(),
                e.path("reason").asText(""),
                e.hasNonNull("acknowledgedAt")
                    ? Instant.parse(e.path("acknowledgedAt").asText())
                    : null);
        entries.put(entry.id(), entry);
      }
    } catch (RuntimeException e) { // JacksonException too: not JSON, or unreadable
      throw new StoreException(
          "The change-point log "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "); move it away.",
          e);
    }
  }

  public Path file() {
    return file;
  }

  public Optional<Entry> get(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  /** What {@link #reconcile} found: every change point as the log knows it, and the new ones. */
  public record Reconciled(List<ChangePoint> all, List<ChangePoint> fresh) {}

  /**
   * Matches found change points with the log: one logged for the same series at a night within
   * {@link ChangePoint#nearby()} is the same one (its id and acknowledgement carry over); the
   * others are new and are added to the log (saved by {@link #save}).
   */
  public Reconciled reconcile(List<ChangePoint> found, Instant now) {
    return reconcile(found, now, Map.of());
  }

  /**
   * As {@link #reconcile(List, Instant)}, with the acknowledgements a shared store holds ({@code
   * acknowledged}, id to reason): one of those missing from this log (a history that started empty)
   * is logged as acknowledged, not reported as new.
   */
  public Reconciled reconcile(
      List<ChangePoint> found, Instant now, Map<String, String> acknowledged) {
    List<ChangePoint> all = new ArrayList<>();
    List<ChangePoint> fresh = new ArrayList<>();
    for (ChangePoint c : found) {
      Entry known = entries.get(c.id());
      if (known == null) {
        for (Entry e : entries.values()) {
          if (e.series().equals(c.seriesKey()) && c.nearby().contains(e.firstAfterRunId())) {
            known = e;
            break;
          }
        }
      }
      if (known != null) {
        all.add(c.as(known.id(), known.acknowledged(), known.reason()));
        continue;
      }
      String reason = acknowledged.get(c.id());
      if (reason != null) {
        entries.put(
            c.id(),
            new Entry(c.id(), c.seriesKey(), c.firstAfter().runId(), now, true, reason, now));
        changed = true;
        all.add(c.as(c.id(), true, reason));
        continue;
      }
      entries.put(
          c.id(), new Entry(c.id(), c.seriesKey(), c.firstAfter().runId(), now, false, "", null));
      changed = true;
      all.add(c);
      fresh.add(c);
    }
    return new Reconciled(all, fresh);
  }

  /** Marks a logged change point as the new normal; false when the id is not in the log. */
  public boolean acknowledge(String id, String reason, Instant now) {
    Entry e = entries.get(id);
    if (e == null) {
      return false;
    }
    entries.put(
        id, new Entry(e.id(), e.series(), e.firstAfterRunId(), e.firstSeen(), true, reason, now));
    changed = true;
    return true;
  }

  /** Writes the log atomically when something changed since it was read. */
  public void save() throws StoreException {
    if (!changed) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("changePoints");
    for (Entry e : entries.values()) {
      ObjectNode n = list.addObject();
      n.put("id", e.id());
      n.put("series", e.series());
      n.put("firstAfterRunId", e.firstAfterRunId());
      n.put("firstSeen", e.firstSeen().toString());
      n.put("acknowledged", e.acknowledged());
      n.put("reason", e.reason());
      if (e.acknowledgedAt() != null) {
        n.put("acknowledgedAt", e.acknowledgedAt().toString());
      }
    }
    history.writeAtomically(
        file,
        out -> {
          try {
            JSON.writeValue(out, root);
          } catch (JacksonException e) {
            throw new IOException(e.getMessage(), e);
          }
        },
        true);
    changed = false;
  }
}
