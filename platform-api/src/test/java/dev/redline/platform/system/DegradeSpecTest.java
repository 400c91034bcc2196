package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.redline.platform.system.DegradeSpec.Entry;
import dev.redline.platform.system.DegradeSpec.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DegradeSpecTest {

  private static List<String> hits(DegradeSpec spec, String method, String path) {
    return spec.matching(method, path).stream().map(Entry::text).toList();
  }

  @Test
  void readsKindAmountMethodAndPatternOfEachEntry() {
    DegradeSpec spec =
        DegradeSpec.parse(
            "cpu:12@GET /api/v1/config/**, query:1@GET /api/v1/models/*,LATENCY:25,"
                + "alloc:50@/api/v1/optimization/sessions,lock:1000@POST /api/v1/models");

    assertThat(spec.entries())
        .extracting(Entry::kind, Entry::amount, Entry::method, e -> e.pattern().getPatternString())
        .containsExactly(
            tuple(Kind.CPU, 12, "GET", "/api/v1/config/**"),
            tuple(Kind.QUERY, 1, "GET", "/api/v1/models/*"),
            tuple(Kind.LATENCY, 25, null, "/api/**"),
            tuple(Kind.ALLOC, 50, null, "/api/v1/optimization/sessions"),
            tuple(Kind.LOCK, 1000, "POST", "/api/v1/models"));
    assertThat(spec.entries().get(1).text()).isEqualTo("query:1@GET /api/v1/models/*");
  }

  @Test
  void aRoutePatternSelectsOnlyItsMethodAndPaths() {
    DegradeSpec spec =
        DegradeSpec.parse("cpu:12@GET /api/v1/config/**,query:1@GET /api/v1/models/*");

    assertThat(hits(spec, "GET", "/api/v1/models/6f1c"))
        .containsExactly("query:1@GET /api/v1/models/*");
    assertThat(hits(spec, "GET", "/api/v1/models")).isEmpty();
    assertThat(hits(spec, "GET", "/api/v1/models/6f1c/sessions")).isEmpty();
    assertThat(hits(spec, "POST", "/api/v1/models/6f1c")).isEmpty();
    assertThat(hits(spec, "GET", "/api/v1/config/optimization-criteria"))
        .containsExactly("cpu:12@GET /api/v1/config/**");
    assertThat(hits(spec, "GET", "/api/v1/config")).containsExactly("cpu:12@GET /api/v1/config/**");
    assertThat(hits(spec, "GET", "/api/v1/configs")).isEmpty();
  }

  @Test
  void aPatternWithoutMethodMatchesEveryMethod() {
    DegradeSpec spec = DegradeSpec.parse("lock:5@/api/v1/models");

    assertThat(hits(spec, "GET", "/api/v1/models")).hasSize(1);
    assertThat(hits(spec, "POST", "/api/v1/models")).hasSize(1);
  }

  @Test
  void anEntryWithoutRouteCoversEveryApiPathAndNothingElse() {
    DegradeSpec spec = DegradeSpec.parse("latency:25");

    assertThat(hits(spec, "GET", "/api/v1/dashboard/stats")).containsExactly("latency:25");
    assertThat(hits(spec, "DELETE", "/api/v1/optimization/sessions/x")).hasSize(1);
    assertThat(hits(spec, "GET", "/actuator/health")).isEmpty();
    assertThat(hits(spec, "GET", "/ws")).isEmpty();
  }

  @Test
  void everyMatchingEntryApplies() {
    DegradeSpec spec = DegradeSpec.parse("latency:10,query:2@GET /api/v1/models");

    assertThat(hits(spec, "GET", "/api/v1/models"))
        .containsExactly("latency:10", "query:2@GET /api/v1/models");
  }

  @Test
  void entriesOfAmountZeroAreDropped() {
    assertThat(DegradeSpec.parse("latency:0,cpu:0@GET /api/v1/models").isEmpty()).isTrue();
    assertThat(DegradeSpec.parse("latency:0,cpu:3").entries())
        .extracting(Entry::text)
        .containsExactly("cpu:3");
  }

  @Test
  void theOlderPercentSettingMeansLatencyOnEveryApiRoute() {
    DegradeSpec spec = DegradeSpec.resolve("", "25");

    assertThat(spec.entries())
        .extracting(Entry::kind, Entry::amount, Entry::method)
        .containsExactly(tuple(Kind.LATENCY, 25, null));
    assertThat(hits(spec, "GET", "/api/v1/models")).hasSize(1);
    assertThat(hits(spec, "GET", "/actuator/prometheus")).isEmpty();
    assertThat(DegradeSpec.resolve("", "0").isEmpty()).isTrue();
    assertThat(DegradeSpec.resolve(" ", "").isEmpty()).isTrue();
    assertThat(DegradeSpec.resolve("cpu:5", "0").entries()).hasSize(1);
  }

  @Test
  void refusesBothSettingsAtOnce() {
    assertThatThrownBy(() -> DegradeSpec.resolve("cpu:5", "25"))
        .hasMessageContaining("PLATFORM_DEGRADE and PLATFORM_DEGRADE_PERCENT are both set")
        .hasMessageContaining("PLATFORM_DEGRADE=latency:25");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "PLATFORM_DEGRADE_PERCENT=1001 | percent 1001 is out of range 0..1000",
        "PLATFORM_DEGRADE_PERCENT=-1 | percent -1 is out of range 0..1000",
        "PLATFORM_DEGRADE_PERCENT=ten | percent 'ten' is not a whole number",
      })
  void refusesABadOlderPercentNamingIt(String setting, String problem) {
    String value = setting.substring(setting.indexOf('=') + 1);
    assertThatThrownBy(() -> DegradeSpec.resolve("", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setting + ": " + problem);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // spec | the entry named | what is wrong
        "latency:5,cpux:12@GET /api/v1/config/** | cpux:12@GET /api/v1/config/** | unknown kind 'cpux' (one of latency, cpu, alloc, query, lock)",
        "cpu:1001 | cpu:1001 | percent 1001 is out of range 0..1000",
        "latency:-5@/api/v1/models | latency:-5@/api/v1/models | percent -5 is out of range 0..1000",
        "query:1001@GET /api/v1/models | query:1001@GET /api/v1/models | query count 1001 is out of range 0..1000",
        "alloc:lots | alloc:lots | percent 'lots' is not a whole number",
        "cpu:@/api/v1/models | cpu:@/api/v1/models | percent '' is not a whole number",
        "latency 25 | latency 25 | missing ':' between kind and amount",
        "lock@GET /api/v1/models | lock@GET /api/v1/models | missing ':' between kind and amount",
        "cpu:5@GET /api/**/stats | cpu:5@GET /api/**/stats | bad pattern '/api/**/stats': ",
        "cpu:5@GET /api/v1/models/{id | cpu:5@GET /api/v1/models/{id | bad pattern '/api/v1/models/{id': ",
        "cpu:5@GET api/v1/models | cpu:5@GET api/v1/models | bad pattern 'api/v1/models': a path pattern starts with '/'",
        "latency:5@/** | latency:5@/** | bad pattern '/**': only /api routes and /ws are degraded, so it starts with /api/ or is /ws",
        "latency:5@GET /ws | latency:5@GET /ws | only latency applies to /ws (event delivery), with no method",
        "cpu:5@/ws | cpu:5@/ws | only latency applies to /ws (event delivery), with no method",
        "cpu:5@GET /api/v1 /models | cpu:5@GET /api/v1 /models | bad pattern '/api/v1 /models': a path pattern has no spaces",
        "cpu:5@FETCH /api/v1/models | cpu:5@FETCH /api/v1/models | unknown HTTP method 'FETCH'",
        "cpu:5@get /api/v1/models | cpu:5@get /api/v1/models | unknown HTTP method 'get'",
        "cpu:5@ | cpu:5@ | nothing after '@'",
      })
  void refusesABadEntryNamingItAndTheProblem(String spec, String entry, String problem) {
    assertThatThrownBy(() -> DegradeSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PLATFORM_DEGRADE entry '" + entry + "': " + problem);
  }

  @Test
  void aLatencyEntryOnWsDegradesEventDeliveryAndNoRequest() {
    DegradeSpec spec = DegradeSpec.parse("latency:20@/ws,latency:5@/ws,cpu:3@GET /api/v1/models");
    assertThat(spec.wsDeliveryPercent()).isEqualTo(25);
    assertThat(spec.matching("GET", "/ws")).isEmpty();
    assertThat(spec.matching("GET", "/api/v1/models")).hasSize(1);
    assertThat(DegradeSpec.parse("latency:20@/api/**").wsDeliveryPercent()).isZero();
  }

  @Test
  void thePrecheckRulesOutOnlyRequestsNoEntryCanMatch() {
    DegradeSpec spec =
        DegradeSpec.parse("cpu:12@GET /api/v1/config/**,alloc:12@/api/v1/dash*/{x},latency:5@/ws");
    int cpu = DegradeSpec.MAY_MATCH | DegradeSpec.MAY_CPU;
    assertThat(spec.precheck("GET", "/api/v1/config")).isEqualTo(cpu);
    assertThat(spec.precheck("GET", "/api/v1/config/robots")).isEqualTo(cpu);
    assertThat(spec.precheck("POST", "/api/v1/config")).isZero();
    assertThat(spec.precheck("POST", "/api/v1/dashboard/stats")).isEqualTo(DegradeSpec.MAY_MATCH);
    assertThat(spec.precheck("GET", "/api/v1/models/7")).isZero();
    assertThat(spec.precheck("GET", "/ws")).isZero();
    // Encoded or parameterised paths are matched in full: the precheck cannot rule them out.
    assertThat(spec.precheck("GET", "/api/v1/%63onfig")).isEqualTo(cpu);
    assertThat(spec.precheck("GET", "/api;x=1/v1/config")).isEqualTo(cpu);
    // Whatever the precheck lets through, matching decides; what it rules out never matches.
    for (String path :
        List.of("/api/v1/config", "/api/v1/configs", "/api/v1/dashboard/stats", "/api/v1/models")) {
      for (String method : List.of("GET", "POST")) {
        if (spec.precheck(method, path) == 0) {
          assertThat(spec.matching(method, path)).as(method + " " + path).isEmpty();
        }
      }
    }
    assertThat(spec.matching("GET", "/api/v1/configs")).isEmpty();
  }

  @Test
  void refusesAnEmptyEntryNamingItsPlace() {
    assertThatThrownBy(() -> DegradeSpec.parse("latency:5,,cpu:3"))
        .hasMessage(
            "PLATFORM_DEGRADE entry 2 of 'latency:5,,cpu:3' is empty"
                + " (entries are KIND:AMOUNT[@ROUTE], separated by single commas)");
    assertThatThrownBy(() -> DegradeSpec.parse("latency:5,"))
        .hasMessageStartingWith("PLATFORM_DEGRADE entry 2 of 'latency:5,' is empty");
  }

  @Test
  void describesEachEntryForTheBanner() {
    DegradeSpec spec = DegradeSpec.parse("latency:25,query:3@GET /api/v1/models/*");

    assertThat(spec.entries().get(0).describe())
        .isEqualTo("latency:25 (every /api route): +25% of the request's own wall time, slept");
    assertThat(spec.entries().get(1).describe())
        .startsWith("query:3@GET /api/v1/models/*: +3 SQL round trip(s) per request");
  }
}
