package dev.redline.platform.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.auth.*}.
 *
 * @param cacheTtl how long an instance trusts a token lookup: a revoked (deleted) token keeps
 *     working up to this long on an instance that saw it; expiry is checked on every request
 * @param dev the development tokens (off in the {@code prod} profile)
 */
@ConfigurationProperties("platform.auth")
public record AuthProperties(@DefaultValue("60s") Duration cacheTtl, @DefaultValue Dev dev) {

  /**
   * Development tokens, one per role.
   *
   * @param enabled whether they are provisioned at start-up ({@code application-prod.properties}
   *     turns them off)
   * @param viewerToken token of the viewer
   * @param operatorToken token of the operator
   * @param adminToken token of the admin
   */
  public record Dev(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("dev-viewer-token") String viewerToken,
      @DefaultValue("dev-operator-token") String operatorToken,
      @DefaultValue("dev-admin-token") String adminToken) {}
}
