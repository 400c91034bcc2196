package dev.redline.platform.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.redline.platform.cache.CacheProperties;
import dev.redline.platform.cache.StaleIfErrorCache;
import dev.redline.platform.db.DatabaseCircuit;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Resolves bearer tokens to principals. Lookups are cached for {@code ttl} (a revoked token keeps
 * working that long on an instance that saw it), so the hot path does no database round trip. A
 * token's expiry ({@code api_tokens.expires_at}, null: never) is cached with it and compared with
 * the clock on every request, so expiry is exact.
 *
 * <p>Tokens are stored as unsalted SHA-256 ({@link TokenHasher}): they are random secrets of at
 * least 128 bits, not passwords, so there is no dictionary to precompute against and a salt or a
 * slow hash would add nothing but cost (and a per-row salt would rule out the lookup by hash).
 *
 * <p>While PostgreSQL is unreachable a token seen before keeps its last answer for up to {@code
 * platform.cache.stale-if-error} (no token can be revoked meanwhile), so cached reads stay
 * available to their callers.
 */
@Service
public class TokenService {

  /** A token's row: whose it is and when it expires (null: never). */
  private record Entry(Principal principal, Instant expiresAt) {}

  private final JdbcClient jdbc;
  private final StaleIfErrorCache<Optional<Entry>> cache;

  TokenService(JdbcClient jdbc, AuthProperties auth, CacheProperties cache) {
    Duration ttl = auth.cacheTtl();
    Duration stale = cache.staleIfError();
    this.jdbc = jdbc;
    this.cache =
        new StaleIfErrorCache<>(
            ttl, stale, 100_000, DatabaseCircuit::isOutage, Ticker.systemTicker());
  }

  /** The caller a token stands for; empty when it is unknown or expired. */
  public Optional<Principal> authenticate(String token) {
    return check(token).asOptional();
  }

  /** Whether a token is valid, expired or unknown (to tell the client which). */
  public TokenCheck check(String token) {
    String hash = TokenHasher.hash(token);
    Optional<Entry> e = cache.get(hash, () -> load(hash));
    if (e.isEmpty()) {
      return TokenCheck.UNKNOWN;
    }
    Instant expiresAt = e.get().expiresAt();
    if (expiresAt != null && !Instant.now().isBefore(expiresAt)) {
      return new TokenCheck(null, expiresAt);
    }
    return new TokenCheck(e.get().principal(), null);
  }

  private Optional<Entry> load(String hash) {
    return jdbc.sql(
            "SELECT u.id, u.name, u.role, t.expires_at FROM api_tokens t"
                + " JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?")
        .param(hash)
        .query(
            (rs, i) -> {
              OffsetDateTime expires = rs.getObject(4, OffsetDateTime.class);
              return new Entry(
                  new Principal(rs.getLong(1), rs.getString(2), Role.fromWire(rs.getString(3))),
                  expires == null ? null : expires.toInstant());
            })
        .optional();
  }

  /**
   * Creates (or re-points) a user and its token, which never expires; idempotent, used for dev and
   * load tokens.
   */
  public void provision(String userName, Role role, String token) {
    provision(userName, role, token, null);
  }

  /**
   * Creates (or re-points) a user and its token, valid until {@code expiresAt} (null: never).
   * Idempotent: provisioning a token again sets its user and expiry anew.
   */
  public void provision(String userName, Role role, String token, Instant expiresAt) {
    Long userId =
        jdbc.sql(
                "INSERT INTO users (name, role) VALUES (?, ?) ON CONFLICT (name)"
                    + " DO UPDATE SET role = EXCLUDED.role RETURNING id")
            .param(userName)
            .param(role.wire())
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO api_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (token_hash)"
                + " DO UPDATE SET user_id = EXCLUDED.user_id, expires_at = EXCLUDED.expires_at")
        .param(TokenHasher.hash(token))
        .param(userId)
        .param(expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
        .update();
    cache.invalidateAll();
  }

  /**
   * Provisions users {@code <prefix>1..<prefix>n} with tokens {@code <tokenPrefix>1..n}, which
   * never expire, in two set-based statements (500 users take milliseconds).
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
                + " ON CONFLICT (token_hash)"
                + " DO UPDATE SET user_id = EXCLUDED.user_id, expires_at = NULL")
        .param(tokenPrefix)
        .param(n)
        .param(userPrefix)
        .update();
    cache.invalidateAll();
  }
}
