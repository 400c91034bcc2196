package dev.redline.platform;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Robotics Model Optimization Platform. {@code --seed.only} (or PLATFORM_SEED_ONLY=true) starts
 * without the web server and scheduler, seeds, and exits 0.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PlatformApplication {

  public static void main(String[] args) {
    boolean seedOnly =
        Arrays.stream(args).anyMatch(a -> a.equals("--seed.only") || a.equals("--seed.only=true"))
            || "true".equalsIgnoreCase(System.getenv("PLATFORM_SEED_ONLY"));
    ConfigurableApplicationContext ctx = application(seedOnly).run(args);
    if (seedOnly) {
      System.exit(SpringApplication.exit(ctx));
    }
  }

  /**
   * The application as {@link #main} starts it: without a web server or engine when seeding only.
   */
  static SpringApplication application(boolean seedOnly) {
    SpringApplication app = new SpringApplication(PlatformApplication.class);
    if (seedOnly) {
      app.setWebApplicationType(WebApplicationType.NONE);
      app.setDefaultProperties(java.util.Map.of("platform.engine.enabled", "false"));
    }
    return app;
  }
}
