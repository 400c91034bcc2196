package dev.redline.platform.system;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Binds {@link DegradeProperties} ({@code platform.degrade}, {@code platform.degrade.percent}),
 * says loudly what is active, and registers {@link DegradeFilter} only when something is: without a
 * spec no filter runs at all. The spec is read before any bean is created, so a bad one stops the
 * start-up within seconds (before PostgreSQL or Tomcat start), its reason the first error line of
 * the log.
 */
@Configuration(proxyBeanMethods = false)
class DegradeConfig {

  /**
   * Just inside redline-spring-boot-starter's request-cost filter ({@code HIGHEST_PRECEDENCE + 2},
   * itself inside Spring's {@code http.server.requests} observation at {@code + 1}): the span this
   * filter scales is the span the service's own metrics measure, so {@code cpu:12} is +12% of the
   * CPU per request the gate reads, not 12% of a smaller inner part.
   */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 3;

  static final String SPEC_BEAN = "degradeSpec";

  private static final Logger log = LoggerFactory.getLogger(DegradeFilter.class);

  /** Parses the spec while the bean factory is being prepared and registers it as a bean. */
  @Bean
  static BeanFactoryPostProcessor degradeSpecReader(Environment env) {
    return beanFactory -> beanFactory.registerSingleton(SPEC_BEAN, read(Binder.get(env)));
  }

  /**
   * The settings through Boot's binder (as {@code @ConfigurationProperties} would bind them, which
   * runs too late here); a percent that does not convert (the spec is text) is reported like a bad
   * spec.
   */
  static DegradeSpec read(Binder binder) {
    DegradeProperties props;
    try {
      props = DegradeProperties.bind(binder);
    } catch (BindException ex) {
      String message =
          DegradeProperties.PERCENT
              + " (PLATFORM_DEGRADE_PERCENT): cannot read "
              + (ex.getProperty() == null ? "its value" : "'" + ex.getProperty().getValue() + "'")
              + " as a whole number";
      log.error("Cannot start: {}", message);
      throw new IllegalArgumentException(message, ex);
    }
    return read(props.spec(), Integer.toString(props.percent()));
  }

  @Bean
  FilterRegistrationBean<DegradeFilter> degradeFilter(
      DegradeSpec spec, ObjectProvider<DataSource> dataSource) {
    FilterRegistrationBean<DegradeFilter> registration =
        new FilterRegistrationBean<>(new DegradeFilter(spec, dataSource::getObject));
    registration.setName("degradeFilter");
    registration.setOrder(ORDER);
    registration.setEnabled(!spec.isEmpty());
    return registration;
  }

  /** The spec from both settings, with the start-up banner; a bad spec is logged and thrown. */
  static DegradeSpec read(String spec, String percent) {
    DegradeSpec parsed;
    try {
      parsed = DegradeSpec.resolve(spec, percent);
      DegradeFilter.checkMeasurable(parsed);
    } catch (IllegalArgumentException ex) {
      // Logged here as well as by Spring, so the reason is the first error line, not a stack trace.
      log.error("Cannot start: {}", ex.getMessage());
      throw ex;
    }
    if (!parsed.isEmpty()) {
      banner(parsed, spec.isBlank() ? "PLATFORM_DEGRADE_PERCENT" : "PLATFORM_DEGRADE");
    }
    return parsed;
  }

  private static void banner(DegradeSpec spec, String variable) {
    String line = "*".repeat(78);
    log.warn(line);
    log.warn("*** DEGRADE MODE ON ({}): requests made worse on purpose, per entry:", variable);
    for (DegradeSpec.Entry e : spec.entries()) {
      log.warn("***   {}", e.describe());
    }
    log.warn("*** Unset {} for real measurements.", variable);
    log.warn(line);
  }
}
