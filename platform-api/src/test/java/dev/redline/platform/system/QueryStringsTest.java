package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringsTest {

  @Test
  void namesTheFirstPairThatIsNotPercentEncodedUtf8() {
    assertThat(QueryStrings.firstMalformed("limit=5&cursor=%ZZ")).contains("cursor");
    assertThat(QueryStrings.firstMalformed("status=%FF%FE&limit=%ZZ")).contains("status");
    assertThat(QueryStrings.firstMalformed("status=%C0%AE")).contains("status"); // overlong '.'
    assertThat(QueryStrings.firstMalformed("status=%ED%A0%80")).contains("status"); // surrogate
    assertThat(QueryStrings.firstMalformed("offset=%E2%82")).contains("offset"); // cut short
    assertThat(QueryStrings.firstMalformed("offset=1%")).contains("offset");
    assertThat(QueryStrings.firstMalformed("%ZZ=1")).contains("query");
    assertThat(QueryStrings.firstMalformed("=%ZZ")).contains("query");
  }

  @Test
  void findsNothingWrongInValidQueries() {
    assertThat(QueryStrings.firstMalformed(null)).isEmpty();
    assertThat(QueryStrings.firstMalformed("")).isEmpty();
    assertThat(QueryStrings.firstMalformed("status=running%2Cqueued&x&&y=")).isEmpty();
    assertThat(QueryStrings.decode("a+b%20%E2%82%AC")).isEqualTo("a b €");
  }
}
