package dev.redline.platform.json;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Makes Spring MVC and our services share {@link JsonMapperFactory}'s configuration. */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

  @Bean
  JsonMapper jsonMapper() {
    return JsonMapperFactory.create();
  }
}
