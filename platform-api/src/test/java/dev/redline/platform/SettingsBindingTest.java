package dev.redline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.auth.AuthProperties;
import dev.redline.platform.realtime.RealtimeSettings;
import dev.redline.platform.seed.LoadProperties;
import dev.redline.platform.session.CountsProperties;
import dev.redline.platform.session.EngineProperties;
import dev.redline.platform.system.HttpProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The {@code platform.*} records as the application binds them: the defaults the README lists hold
 * without any property file, and a bad value stops the context with the property's name.
 */
class SettingsBindingTest {

  /** Every {@code @ConfigurationProperties} record of the application, and nothing else. */
  @Configuration(proxyBeanMethods = false)
  @ConfigurationPropertiesScan(basePackageClasses = PlatformApplication.class)
  static class Records {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Records.class);

  @Test
  void defaultsHoldWithoutAPropertyFile() {
    runner.run(
        ctx -> {
          assertThat(ctx).hasNotFailed();
          RealtimeSettings ws = ctx.getBean(RealtimeSettings.class);
          assertThat(ws.outboundQueue()).isEqualTo(256);
          assertThat(ws.writerThreads()).isEqualTo(2);
          assertThat(ws.syntheticEventsPhaseMillis()).isEqualTo(-1);
          assertThat(ws.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(ws.buffer()).isEqualTo(DataSize.ofKilobytes(1));
          assertThat(ctx.getBean(CountsProperties.class).foldInterval())
              .isEqualTo(Duration.ofMillis(200));
          assertThat(ctx.getBean(EngineProperties.class).tick()).isEqualTo(Duration.ofSeconds(1));
          assertThat(ctx.getBean(HttpProperties.class).maxBodySize())
              .isEqualTo(DataSize.ofKilobytes(512));
          assertThat(ctx.getBean(AuthProperties.class).dev().enabled()).isTrue();
          assertThat(ctx.getBean(LoadProperties.class).enabled()).isFalse();
        });
  }

  @Test
  void relaxedNamesBindLikeTheEnvironmentVariables() {
    runner
        .withPropertyValues(
            "platform.realtime.writer-threads=0",
            "platform.realtime.buffer=4KB",
            "platform.counts.fold-interval=1s",
            "platform.auth.dev.enabled=false")
        .run(
            ctx -> {
              assertThat(ctx.getBean(RealtimeSettings.class).writerThreads()).isZero();
              assertThat(ctx.getBean(RealtimeSettings.class).buffer().toBytes()).isEqualTo(4096);
              assertThat(ctx.getBean(CountsProperties.class).foldInterval())
                  .isEqualTo(Duration.ofSeconds(1));
              assertThat(ctx.getBean(AuthProperties.class).dev().enabled()).isFalse();
            });
  }

  /** A value that does not convert, or is out of range, names its property in the failure. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "platform.realtime.outbound-queue=0 | platform.realtime.outbound-queue",
        "platform.realtime.writer-threads=65 | platform.realtime.writer-threads",
        "platform.realtime.synthetic-events-phase-millis=-2"
            + " | platform.realtime.synthetic-events-phase-millis",
        "platform.realtime.send-timeout=0s | platform.realtime.send-timeout",
        "platform.realtime.buffer=lots | platform.realtime.buffer",
        "platform.counts.fold-interval=0ms | platform.counts.fold-interval",
        "platform.counts.fold-interval=soon | platform.counts.fold-interval",
        "platform.engine.max-running=many | platform.engine.max-running",
        "platform.http.max-body-size=huge | platform.http.max-body-size",
        "platform.seed.sessions=1e3 | platform.seed.sessions",
        "platform.auth.cache-ttl=forever | platform.auth.cache-ttl",
      })
  void aBadValueStopsTheContextNamingTheProperty(String setting, String property) {
    runner
        .withPropertyValues(setting)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(messages(ctx.getStartupFailure())).contains(property);
            });
  }

  /** The messages of a failure and its causes, one per line. */
  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }
}
