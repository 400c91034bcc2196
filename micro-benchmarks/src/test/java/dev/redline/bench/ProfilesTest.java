package dev.redline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

class ProfilesTest {

  @Test
  void everyQuickSelectionMatchesABenchmark() {
    List<String> names =
        BenchmarkList.defaultList()
            .getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())
            .stream()
            .map(BenchmarkListEntry::getUsername)
            .toList();
    for (String regex : Profiles.QUICK) {
      Pattern p = Pattern.compile(regex);
      assertThat(names)
          .as("benchmarks matching quick's %s", regex)
          .anyMatch(n -> p.matcher(n).find());
    }
  }

  @Test
  void userOptionsOverrideTheProfileAndProfilersAdd() throws Exception {
    CommandLineOptions o =
        Profiles.options("quick", "-rff", "out.json", "-f", "3", "-prof", "stack");

    assertThat(o.getResult().get()).isEqualTo("out.json");
    assertThat(o.getForkCount().get()).isEqualTo(3);
    assertThat(o.getMeasurementIterations().get()).isEqualTo(5);
    assertThat(o.getProfilers()).extracting(p -> p.getKlass()).containsExactly("gc", "stack");
    assertThat(o.getIncludes()).containsExactlyElementsOf(Profiles.QUICK);
  }

  @Test
  void aRegexReplacesTheProfilesSelection() throws Exception {
    CommandLineOptions o = Profiles.options("full", "SessionPageJsonBenchmark");

    assertThat(o.getIncludes()).containsExactly("SessionPageJsonBenchmark");
    assertThat(o.getResult().get()).isEqualTo("jmh-full.json");
    assertThat(o.getForkCount().hasValue()).isFalse();
  }

  @Test
  void refusesAnUnknownProfileAndAnOptionWithoutValue() {
    assertThatThrownBy(() -> Profiles.options("nightly"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nightly");
    assertThatThrownBy(() -> Profiles.options("quick", "-rff"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-rff");
  }
}
