package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class DegradeFilterTest {

  private static long run(DegradeFilter filter, String uri, long workMillis) throws Exception {
    var req = new MockHttpServletRequest("GET", uri);
    var res = new MockHttpServletResponse();
    var chain =
        new MockFilterChain(
            new jakarta.servlet.http.HttpServlet() {
              @Override
              protected void service(
                  jakarta.servlet.http.HttpServletRequest rq,
                  jakarta.servlet.http.HttpServletResponse rs)
                  throws java.io.IOException {
                try {
                  Thread.sleep(workMillis);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                rs.getWriter().write("body");
              }
            });
    long t0 = System.nanoTime();
    filter.doFilter(req, res, chain);
    assertThat(res.getContentAsString()).isEqualTo("body");
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void addsTheConfiguredShareOfTheRequestsOwnTime() throws Exception {
    // 100% of 60 ms of work: the response cannot complete before 120 ms.
    assertThat(run(new DegradeFilter(100), "/api/v1/dashboard/stats", 60))
        .isGreaterThanOrEqualTo(120);
  }

  @Test
  void leavesNonApiPathsAlone() throws Exception {
    assertThat(run(new DegradeFilter(1000), "/actuator/health", 20)).isLessThan(200);
  }

  @Test
  void refusesPercentagesOutOfRange() {
    assertThatThrownBy(() -> new DegradeFilter(-1)).hasMessageContaining("0..1000");
  }
}
