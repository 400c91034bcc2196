package dev.redline.platform.system;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Swaps Tomcat's HTML error valve for {@link ProblemErrorReportValve}. */
@Configuration(proxyBeanMethods = false)
class TomcatProblemConfig {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorValve() {
    return factory ->
        factory.addContextCustomizers(
            context ->
                // The host adds its error valve when it starts, just before starting contexts.
                context.addLifecycleListener(
                    event -> {
                      if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())
                          && context.getParent() instanceof StandardHost host) {
                        Pipeline pipeline = host.getPipeline();
                        for (Valve v : pipeline.getValves()) {
                          if (v instanceof ErrorReportValve
                              && !(v instanceof ProblemErrorReportValve)) {
                            pipeline.removeValve(v);
                          }
                        }
                        pipeline.addValve(new ProblemErrorReportValve());
                      }
                    }));
  }
}
