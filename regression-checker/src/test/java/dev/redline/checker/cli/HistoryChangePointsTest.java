package dev.redline.checker.cli;

import static dev.redline.checker.cli.Cli.redline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.changepoint.Nights;
import dev.redline.checker.cli.Cli.Result;
import dev.redline.checker.store.LocalHistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redline history --change-points} and {@code --ack} on a history folder of 40 nights. With
 * {@code INFLUX_URL} set the command reads InfluxDB instead (shared with the other tests), so this
 * test runs only without it; {@code ChangePointsInfluxIT} covers the InfluxDB path.
 */
@DisabledIfEnvironmentVariable(
    named = "INFLUX_URL",
    matches = ".+",
    disabledReason = "reads the local history; with INFLUX_URL the store is InfluxDB")
class HistoryChangePointsTest {
  @TempDir Path tmp;

  @Test
  void listsANewShiftOnceWithItsCommitsAndHidesItOnceAcknowledged() throws Exception {
    Path history = tmp.resolve("history");
    LocalHistoryStore store = new LocalHistoryStore(history);
    for (var run : Nights.of(Nights.step(40, 1000, 30, 1.15))) {
      store.save(run);
    }
    Path md = tmp.resolve("reports/change-points.md");

    Result first =
        redline(
            "history",
            "--history=" + history,
            "--change-points",
            "--new",
            "--markdown",
            md.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("40 run(s) analysed; 1 change point(s) shown (new), 1 new")
        .contains(Nights.KEY)
        .contains("+14.9%")
        .contains("commits c029000000..c030000000");
    Matcher id = Pattern.compile("(cp-[0-9a-f]{8})").matcher(first.out());
    assertThat(id.find()).isTrue();
    assertThat(Files.readString(md))
        .startsWith("### New change points")
        .contains("`" + id.group(1) + "`")
        .contains("❌ +14.9%");

    Result again = redline("history", "--history=" + history, "--change-points", "--new");
    assertThat(again.out()).contains("0 change point(s) shown (new), 0 new");

    Result noReason = redline("history", "--history=" + history, "--ack", id.group(1));
    assertThat(noReason.code()).isEqualTo(2);
    assertThat(noReason.err()).contains("--ack " + id.group(1) + " needs --reason");

    Result ack =
        redline(
            "history", "--history=" + history, "--ack", id.group(1), "--reason", "bigger payload");
    assertThat(ack.code()).as(ack.err()).isZero();
    assertThat(ack.out()).contains("is acknowledged as the new normal: bigger payload");

    Result hidden = redline("history", "--history=" + history, "--change-points");
    assertThat(hidden.out()).contains("0 change point(s) shown").contains("1 acknowledged");
    Result shown = redline("history", "--history=" + history, "--change-points", "--all");
    assertThat(shown.out()).contains("(acknowledged: bigger payload)");

    Result since =
        redline("history", "--history=" + history, "--change-points", "--since", "2026-08-01");
    assertThat(since.out()).contains("0 change point(s) shown since 2026-08-01T00:00:00Z");
    Result badSince = redline("history", "--history=" + history, "--change-points", "--since", "x");
    assertThat(badSince.code()).isEqualTo(2);
    assertThat(badSince.err()).contains("--since takes 7d, 48h");
  }
}
