package dev.redline.starter;

import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every {@link DataSource} bean in a datasource-proxy {@link ProxyDataSource} that counts
 * statements into {@link SqlStatements}. Code that needs the pool's own type gets it with {@code
 * dataSource.unwrap(HikariDataSource.class)}.
 */
class SqlCountingDataSources implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource ds && !(bean instanceof ProxyDataSource)) {
      return ProxyDataSourceBuilder.create(ds).name(beanName).listener(new SqlStatements()).build();
    }
    return bean;
  }
}
