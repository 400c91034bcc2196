package dev.redline.platform.system;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * {@code platform.degrade} and {@code platform.degrade.percent}: the regression corpus (README
 * "Regression corpus"), bound through Boot's {@link Binder} by {@link DegradeConfig} before any
 * bean is created, so a bad value stops the start-up before PostgreSQL or Tomcat start.
 *
 * <p>Not a {@code @ConfigurationProperties} record: the spec's name {@code platform.degrade} is
 * also the parent of {@code percent}, and a record bound at that prefix fails on the spec's value
 * (Boot tries to convert it into the record). The names are kept because the corpus, its tests and
 * the gate's runs use them; their metadata is in {@code
 * additional-spring-configuration-metadata.json}.
 *
 * @param spec {@code KIND:AMOUNT[@[METHOD ]PATTERN],...} ({@code PLATFORM_DEGRADE}); empty: off
 * @param percent older form ({@code PLATFORM_DEGRADE_PERCENT}): P (0..1000) means {@code latency:P}
 *     on every /api route; not together with {@code spec}
 */
record DegradeProperties(String spec, int percent) {

  static final String SPEC = "platform.degrade";
  static final String PERCENT = "platform.degrade.percent";

  /**
   * @throws org.springframework.boot.context.properties.bind.BindException naming the setting whose
   *     value does not convert
   */
  static DegradeProperties bind(Binder binder) {
    return new DegradeProperties(
        binder.bind(SPEC, String.class).orElse(""), binder.bind(PERCENT, Integer.class).orElse(0));
  }
}
