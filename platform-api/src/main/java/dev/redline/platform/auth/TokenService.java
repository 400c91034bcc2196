package dev.redline.platform.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.redline.platform.cache.StaleIfErrorCache;
import dev.redline.platform.db.DatabaseCircuit;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Resolves bearer tokens to principals. Lookups are cached for {@code ttl} (a revoked token keeps
 * working that long on an instance that saw it), so the hot path does no database round trip. While
 * PostgreSQL is unreachable a token seen before keeps its last answer for up to {@code
 * platform.cache.stale-if-error} (no token can be revoked meanwhile), so cached reads stay
 * available to their callers.
 */
@Service
public class TokenService {

  private final JdbcClient jdbc;
  private final StaleIfErrorCache<Optional<Principal>> cache;

  TokenService(
      JdbcClient jdbc,
      @Value("${platform.auth.cache-ttl:60s}") Duration ttl,
      @Value("${platform.cache.stale-if-error:10m}") Duration stale) {
    this.jdbc = jdbc;
    this.cache =
        new StaleIfErrorCache<>(
            ttl, stale, 100_000, DatabaseCircuit::isOutage, Ticker.systemTicker());
  }

  public Optional<Principal> authenticate(String token) {
    String hash = TokenHasher.hash(token);
    return cache.get(hash, () -> load(hash));
  }

  private Optional<Principal> load(String hash) {
    return jdbc.sql(
            "SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id"
                + " WHERE t.token_hash = ?")
        .param(hash)
        .query(
            (rs, i) ->
                new Principal(rs.getLong(1), rs.getString(2), Role.fromWire(rs.getString(3))))
        .optional();
  }

  /** Creates (or re-points) a user and its token; idempotent, used for dev and load tokens. */
  public void provision(String userName, Role role, String token) {
    Long userId =
        jdbc.sql(
                "INSERT INTO users (name, role) VALUES (?, ?) ON CONFLICT (name)"
                    + " DO UPDATE SET role = EXCLUDED.role RETURNING id")
            .param(userName)
            .param(role.wire())
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO api_tokens (token_hash, user_id) VALUES (?, ?) ON CONFLICT (token_hash)"
                + " DO UPDATE SET user_id = EXCLUDED.user_id")
        .param(TokenHasher.hash(token))
        .param(userId)
        .update();
    cache.invalidateAll();
  }

  /**
   * Provisions users {@code <prefix>1..<prefix>n} with tokens {@code <tokenPrefix>1..n} in two
   * set-based statements (500 users take milliseconds).
   */
  public void provisionRange(String userPrefix, String tokenPrefix, int n, Role role) {
    jdbc.sql(
            "INSERT INTO users (name, role) SELECT ? || g, ? FROM generate_series(1, ?) g"
                + " ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role")
        .param(userPrefix)
        .param(role.wire())
        .param(n)
        .update();
    jdbc.sql(
            "INSERT INTO api_tokens (token_hash, user_id)"
                + " SELECT encode(sha256(convert_to(? || g, 'UTF8')), 'hex'), u.id"
                + " FROM generate_series(1, ?) g JOIN users u ON u.name = ? || g"
                + " ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id")
        .param(tokenPrefix)
        .param(n)
        .param(userPrefix)
        .update();
    cache.invalidateAll();
  }
}
