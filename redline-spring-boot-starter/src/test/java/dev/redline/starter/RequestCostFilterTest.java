package dev.redline.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

class RequestCostFilterTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RequestCostFilter filter = new RequestCostFilter(registry);
  static volatile Object sink;

  @Test
  void recordsTheRequestThreadsCpuAllocationAndStatementsUnderItsRoute() throws Exception {
    FilterChain chain =
        (req, res) -> {
          req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/things/{id}");
          // Burns 20 ms of this thread's CPU, however busy the machine is.
          long end = RequestCost.cpuNanos() + 20_000_000;
          long x = 1;
          while (RequestCost.cpuNanos() < end) {
            x = x * 31 + 7;
          }
          sink = x;
          for (int i = 0; i < 10; i++) {
            sink = new byte[1 << 20];
          }
          SqlStatements sql = new SqlStatements();
          for (int i = 0; i < 3; i++) {
            sql.afterQuery(null, List.of());
          }
        };
    filter.doFilter(
        new MockHttpServletRequest("GET", "/things/42"), new MockHttpServletResponse(), chain);

    assertThat(count("redline.requests")).isEqualTo(1);
    assertThat(count("redline.request.cpu")).isGreaterThanOrEqualTo(0.020).isLessThan(5);
    assertThat(count("redline.request.allocation")).isGreaterThanOrEqualTo(10 << 20);
    assertThat(count("redline.request.sql")).isEqualTo(3);
    assertThat(registry.get("redline.request.cpu.time").tag("uri", "/things/{id}").timer().count())
        .isEqualTo(1);
  }

  @Test
  void theCpuTimeHistogramHasTheFineBucketsSoAMedianResolvesATenPercentChange() throws Exception {
    SimpleMeterRegistry fine = new SimpleMeterRegistry();
    fine.config().meterFilter(FineBuckets.forTimers("redline.request.cpu.time"));
    RequestCostFilter f = new RequestCostFilter(fine);
    f.doFilter(
        new MockHttpServletRequest("GET", "/x"), new MockHttpServletResponse(), (req, res) -> {});
    var buckets = fine.get("redline.request.cpu.time").timer().takeSnapshot().histogramCounts();
    assertThat(buckets).hasSize(FineBuckets.NANOS.length);
    // neighbouring bounds 9% apart, from 30.5 us to 4 s
    assertThat(buckets[1].bucket() / buckets[0].bucket()).isCloseTo(1.0905, within(0.001));
    assertThat(buckets[0].bucket()).isCloseTo(30_518, within(1.0));
    assertThat(buckets[buckets.length - 1].bucket()).isEqualTo(4e9);
  }

  @Test
  void namesRequestsNoHandlerMatchedUnknownSoTagsStayBounded() throws Exception {
    for (int i = 0; i < 5; i++) {
      filter.doFilter(
          new MockHttpServletRequest("GET", "/random/" + i),
          new MockHttpServletResponse(),
          (req, res) -> {});
    }
    assertThat(registry.get("redline.requests").tag("uri", "UNKNOWN").counter().count())
        .isEqualTo(5);
    assertThat(registry.get("redline.requests").counters()).hasSize(1);
  }

  @Test
  void recordsARequestThatWentAsyncOnceWithEveryDispatchAddedUp() throws Exception {
    MockHttpServletRequest req = new MockHttpServletRequest("POST", "/things/42");
    req.setAsyncSupported(true);
    MockHttpServletResponse res = new MockHttpServletResponse();
    SqlStatements sql = new SqlStatements();
    // First dispatch: one statement, then the request goes async (e.g. a body read ahead).
    filter.doFilter(
        req,
        res,
        (rq, rs) -> {
          sql.afterQuery(null, List.of());
          rq.startAsync();
        });
    assertThat(registry.find("redline.requests").counters()).isEmpty();
    // The async dispatch: the handler runs, two more statements.
    req.setDispatcherType(jakarta.servlet.DispatcherType.ASYNC);
    req.setAsyncStarted(false);
    filter.doFilter(
        req,
        res,
        (rq, rs) -> {
          rq.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/things/{id}");
          sql.afterQuery(null, List.of());
          sql.afterQuery(null, List.of());
        });
    assertThat(registry.get("redline.requests").tag("method", "POST").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("redline.request.sql").tag("uri", "/things/{id}").counter().count())
        .isEqualTo(3);
  }

  private double count(String name) {
    return registry.get(name).tag("method", "GET").tag("uri", "/things/{id}").counter().count();
  }
}
