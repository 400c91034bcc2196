package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.platform.PlatformApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

@ExtendWith(OutputCaptureExtension.class)
class DegradeConfigTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(DegradeConfig.class);

  @Test
  void registersNoFilterWithoutASpec() {
    runner.run(
        ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(FilterRegistrationBean.class).isEnabled()).isFalse();
        });
    runner
        .withPropertyValues("platform.degrade=latency:0", "platform.degrade.percent=0")
        .run(ctx -> assertThat(ctx.getBean(FilterRegistrationBean.class).isEnabled()).isFalse());
  }

  @Test
  void registersTheFilterAfterTheObservationFilterAndAnnouncesEachEntry(CapturedOutput out) {
    runner
        .withPropertyValues("platform.degrade=cpu:12@GET /api/v1/config/**,query:1")
        .run(
            ctx -> {
              FilterRegistrationBean<?> reg = ctx.getBean(FilterRegistrationBean.class);
              assertThat(reg.isEnabled()).isTrue();
              assertThat(reg.getFilter()).isInstanceOf(DegradeFilter.class);
              // Spring Boot's ServerHttpObservationFilter runs at HIGHEST_PRECEDENCE + 1.
              assertThat(reg.getOrder()).isGreaterThan(Integer.MIN_VALUE + 1);
            });
    assertThat(out.getAll())
        .contains("DEGRADE MODE ON (PLATFORM_DEGRADE)")
        .contains("***   cpu:12@GET /api/v1/config/**: +12% of the request's own thread CPU")
        .contains("***   query:1 (every /api route): +1 SQL round trip(s)");
  }

  @Test
  void theOlderPercentSettingStillRegistersTheFilter(CapturedOutput out) {
    runner
        .withPropertyValues("platform.degrade.percent=25")
        .run(ctx -> assertThat(ctx.getBean(FilterRegistrationBean.class).isEnabled()).isTrue());
    assertThat(out.getAll())
        .contains("DEGRADE MODE ON (PLATFORM_DEGRADE_PERCENT)")
        .contains("***   latency:25 (every /api route): +25% of the request's own wall time");
  }

  @Test
  void aPercentThatIsNoNumberFailsTheContextNamingTheSettingFirst(CapturedOutput out) {
    runner
        .withPropertyValues("platform.degrade.percent=ten")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                        "platform.degrade.percent (PLATFORM_DEGRADE_PERCENT): cannot read 'ten'"
                            + " as a whole number"));
    assertThat(out.getAll())
        .contains(
            "Cannot start: platform.degrade.percent (PLATFORM_DEGRADE_PERCENT): cannot read 'ten'");
  }

  @Test
  void failsTheContextOnABadSpec() {
    runner
        .withPropertyValues("platform.degrade=latency:5,lock:2000@POST /api/v1/models")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                        "PLATFORM_DEGRADE entry 'lock:2000@POST /api/v1/models':"
                            + " percent 2000 is out of range 0..1000"));
  }

  /**
   * The whole application with a bad spec: it stops before PostgreSQL or Tomcat would start (the
   * database URL points nowhere, so getting that far would fail differently), and the first ERROR
   * line of its log is the reason.
   */
  @Test
  void theApplicationRefusesToStartWithTheBadEntryInTheFirstErrorLine(CapturedOutput out) {
    assertThatThrownBy(
            () ->
                SpringApplication.run(
                    PlatformApplication.class,
                    "--platform.degrade=cpu:12@GET /api/v1/config/**,bogus:3@GET /api/v1/models",
                    "--platform.db.url=jdbc:postgresql://127.0.0.1:1/none",
                    "--server.port=0",
                    "--platform.engine.enabled=false"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "PLATFORM_DEGRADE entry 'bogus:3@GET /api/v1/models': unknown kind 'bogus'"
                + " (one of latency, cpu, alloc, query, lock)");
    String firstError =
        out.getAll().lines().filter(l -> l.contains(" ERROR ")).findFirst().orElseThrow();
    assertThat(firstError)
        .contains(
            "Cannot start: PLATFORM_DEGRADE entry 'bogus:3@GET /api/v1/models': unknown kind"
                + " 'bogus' (one of latency, cpu, alloc, query, lock)");
    assertThat(out.getAll()).doesNotContain("Embedded PostgreSQL").doesNotContain("HikariPool");
  }
}
