package dev.redline.platform.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Registers {@link BodyReadAhead} ahead of every filter that may read or drain a body (Boot's form
 * filter, our degrade, body-limit, auth and rate-limit filters), after the observation filter so
 * the request's metrics still cover the whole exchange. It sees REQUEST dispatches (to start
 * reading) and ASYNC ones (to hand the complete body on).
 */
@Configuration(proxyBeanMethods = false)
class BodyReadAheadConfig {

  /** Boot's observation filter is HIGHEST_PRECEDENCE + 1; its form-content filter is -9900. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  @Bean
  FilterRegistrationBean<BodyReadAhead> bodyReadAhead(
      HttpProperties http, ProblemWriter problems, MeterRegistry registry) {
    DataSize max = http.maxBodySize();
    Duration timeout = http.bodyTimeout();
    DataSize memory = http.bodyMemory();
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "platform.http.body-timeout must be positive, got " + timeout);
    }
    BodyReadAhead filter = new BodyReadAhead(max.toBytes(), timeout, memory.toBytes(), problems);
    Gauge.builder("platform.http.body.buffered", filter, BodyReadAhead::bufferedBytes)
        .description("Bytes of request bodies held in memory (being read, or being handled)")
        .baseUnit("bytes")
        .register(registry);
    FilterRegistrationBean<BodyReadAhead> r = new FilterRegistrationBean<>(filter);
    r.setName("bodyReadAhead");
    r.setOrder(ORDER);
    r.setAsyncSupported(true);
    r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    r.addUrlPatterns("/api/*");
    return r;
  }
}
