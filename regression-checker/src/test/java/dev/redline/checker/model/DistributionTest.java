package dev.redline.checker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.model.Samples.Distribution;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void quantilesAreNearestRank() {
    Distribution oneToHundred = Distribution.ofMillis(IntStream.rangeClosed(1, 100).toArray());
    assertThat(oneToHundred.quantile(0.50)).isEqualTo(50);
    assertThat(oneToHundred.quantile(0.95)).isEqualTo(95);
    assertThat(oneToHundred.quantile(0.99)).isEqualTo(99);
    assertThat(oneToHundred.quantile(0.995)).isEqualTo(100);
    assertThat(oneToHundred.quantile(0)).isEqualTo(1);
    assertThat(oneToHundred.quantile(1)).isEqualTo(100);

    Distribution four = Distribution.ofMillis(40, 10, 30, 20);
    assertThat(four.quantile(0.50)).isEqualTo(20);
    assertThat(four.quantile(0.51)).isEqualTo(30);
    assertThat(four.quantile(0.75)).isEqualTo(30);
    assertThat(four.quantile(0.76)).isEqualTo(40);
  }

  @Test
  void keepsExactCountsMinMaxAndMean() {
    Distribution t = Distribution.ofMillis(5, 5, 7, 1, 5);
    assertThat(t.size()).isEqualTo(5);
    assertThat(t.min()).isEqualTo(1);
    assertThat(t.max()).isEqualTo(7);
    assertThat(t.mean()).isEqualTo(4.6);
    assertThat(t.values()).containsExactly(1, 5, 7);
    assertThat(t.counts()).containsExactly(1, 3, 1);
    assertThat(t).isEqualTo(Distribution.of(5, 5, 7, 1, 5));
  }

  @Test
  void emptyHasNoStatistics() {
    Distribution empty = Distribution.empty();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.quantile(0.95)).isNaN();
    assertThat(empty.mean()).isNaN();
    assertThat(empty.merge(Distribution.ofMillis(3))).isEqualTo(Distribution.ofMillis(3));
    assertThat(Distribution.ofMillis(3).merge(empty)).isEqualTo(Distribution.ofMillis(3));
  }

  @Test
  void mergedPercentilesEqualThoseOfAllRawSamples() {
    Random random = new Random(42);
    int[] a = random.ints(5_000, 0, 400).toArray();
    int[] b = random.ints(3_000, 100, 900).toArray();
    int[] all = IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();

    Distribution merged = Distribution.ofMillis(a).merge(Distribution.ofMillis(b));

    assertThat(merged).isEqualTo(Distribution.ofMillis(all));
    int[] sorted = all.clone();
    java.util.Arrays.sort(sorted);
    for (double q : new double[] {0.5, 0.75, 0.95, 0.99, 0.999}) {
      assertThat(merged.quantile(q)).isEqualTo(sorted[(int) Math.ceil(q * all.length) - 1]);
    }
  }

  @Test
  void mergesFractionalValuesExactly() {
    double[] a = {0.25, 1.5, 1.5, 3.75};
    double[] b = {1.5, 2.0, 0.25};
    assertThat(Distribution.of(a).merge(Distribution.of(b)))
        .isEqualTo(Distribution.of(0.25, 1.5, 1.5, 3.75, 1.5, 2.0, 0.25));
  }

  @Test
  void histogramAndRawFormsAgree() {
    long[] histogram = new long[10];
    histogram[2] = 3;
    histogram[9] = 1;
    assertThat(Distribution.ofHistogram(histogram)).isEqualTo(Distribution.ofMillis(2, 9, 2, 2));
    int[] raw = {9, 2, 2, 2, 7, 7};
    assertThat(Distribution.ofMillis(raw, 4)).isEqualTo(Distribution.ofMillis(2, 9, 2, 2));
    assertThat(raw).containsExactly(9, 2, 2, 2, 7, 7);
  }

  @Test
  void rejectsAQuantileOutsideZeroToOne() {
    assertThatThrownBy(() -> Distribution.ofMillis(1).quantile(1.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..1");
  }
}
