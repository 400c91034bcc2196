package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResponseTimesTest {

  @Test
  void percentilesAreNearestRank() {
    ResponseTimes oneToHundred = ResponseTimes.of(IntStream.rangeClosed(1, 100).toArray());
    assertThat(oneToHundred.percentileMs(50)).isEqualTo(50);
    assertThat(oneToHundred.percentileMs(95)).isEqualTo(95);
    assertThat(oneToHundred.percentileMs(99)).isEqualTo(99);
    assertThat(oneToHundred.percentileMs(99.5)).isEqualTo(100);
    assertThat(oneToHundred.percentileMs(0)).isEqualTo(1);
    assertThat(oneToHundred.percentileMs(100)).isEqualTo(100);

    ResponseTimes four = ResponseTimes.of(40, 10, 30, 20);
    assertThat(four.percentileMs(50)).isEqualTo(20);
    assertThat(four.percentileMs(51)).isEqualTo(30);
    assertThat(four.percentileMs(75)).isEqualTo(30);
    assertThat(four.percentileMs(76)).isEqualTo(40);
  }

  @Test
  void keepsExactCountsMinMaxAndMean() {
    ResponseTimes t = ResponseTimes.of(5, 5, 7, 1, 5);
    assertThat(t.count()).isEqualTo(5);
    assertThat(t.minMs()).isEqualTo(1);
    assertThat(t.maxMs()).isEqualTo(7);
    assertThat(t.meanMs()).isEqualTo(4.6);
    assertThat(t.sumMs()).isEqualTo(23);
    assertThat(t.distinctValuesMs()).containsExactly(1, 5, 7);
    assertThat(t.counts()).containsExactly(1, 3, 1);
  }

  @Test
  void emptyHasNoStatistics() {
    ResponseTimes empty = ResponseTimes.empty();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.percentileMs(95)).isNaN();
    assertThat(empty.meanMs()).isNaN();
    assertThat(empty.merge(ResponseTimes.of(3))).isEqualTo(ResponseTimes.of(3));
  }

  @Test
  void mergeEqualsTheDistributionOfAllSamples() {
    Random random = new Random(42);
    int[] a = random.ints(5_000, 0, 400).toArray();
    int[] b = random.ints(3_000, 100, 900).toArray();
    int[] all = IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();

    ResponseTimes merged = ResponseTimes.of(a).merge(ResponseTimes.of(b));

    assertThat(merged).isEqualTo(ResponseTimes.of(all));
    assertThat(merged.percentileMs(99)).isEqualTo(ResponseTimes.of(all).percentileMs(99));
  }

  @Test
  void histogramAndSortedFormsAgree() {
    long[] histogram = new long[10];
    histogram[2] = 3;
    histogram[9] = 1;
    assertThat(ResponseTimes.ofHistogram(histogram)).isEqualTo(ResponseTimes.of(2, 9, 2, 2));
  }

  @Test
  void rejectsPercentOutsideZeroToHundred() {
    assertThatThrownBy(() -> ResponseTimes.of(1).percentileMs(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..100");
  }
}
