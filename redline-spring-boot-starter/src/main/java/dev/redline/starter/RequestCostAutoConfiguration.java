package dev.redline.starter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Adds {@link RequestCostFilter} to a servlet web application with a Micrometer registry, and the
 * SQL-counting DataSource wrapper. Off with {@code redline.metrics.enabled=false}; the SQL part
 * alone with {@code redline.metrics.sql.enabled=false}.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, MeterRegistry.class})
@ConditionalOnProperty(name = "redline.metrics.enabled", matchIfMissing = true)
public class RequestCostAutoConfiguration {

  /**
   * Right after Spring's own {@code ServerHttpObservationFilter} (highest precedence + 1), so it
   * measures what {@code http.server.requests} times: every filter of the service and the handler.
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  @Bean
  @ConditionalOnBean(MeterRegistry.class)
  FilterRegistrationBean<RequestCostFilter> redlineRequestCostFilter(MeterRegistry registry) {
    FilterRegistrationBean<RequestCostFilter> bean =
        new FilterRegistrationBean<>(new RequestCostFilter(registry));
    bean.setOrder(ORDER);
    bean.addUrlPatterns("/*");
    return bean;
  }

  /**
   * Fine histogram buckets ({@link FineBuckets}) for the request CPU time and for Spring's {@code
   * http.server.requests}, so medians of sub-millisecond routes resolve a 10% change. Off with
   * {@code redline.metrics.fine-buckets.enabled=false}.
   */
  @Bean
  @ConditionalOnProperty(name = "redline.metrics.fine-buckets.enabled", matchIfMissing = true)
  static MeterFilter redlineFineBuckets() {
    return FineBuckets.forTimers("http.server.requests", "redline.request.cpu.time");
  }

  @Bean
  @ConditionalOnProperty(name = "redline.metrics.sql.enabled", matchIfMissing = true)
  static SqlCountingDataSources redlineSqlCountingDataSources() {
    return new SqlCountingDataSources();
  }
}
