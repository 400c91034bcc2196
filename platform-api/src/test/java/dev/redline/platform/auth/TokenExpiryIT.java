package dev.redline.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tokens with an expiry ({@code api_tokens.expires_at}): refused with 401 once it has passed. */
class TokenExpiryIT extends ApiIT {

  private static final String STATS = "/api/v1/dashboard/stats";

  /** A user and a token row written straight into the database, as an operator would. */
  private String insertToken(String expiresAtSql) {
    String token = "it-expiry-" + UUID.randomUUID();
    long user =
        jdbc.sql("INSERT INTO users (name, role) VALUES (?, 'viewer') RETURNING id")
            .param("user-" + token)
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO api_tokens (token_hash, user_id, expires_at)"
                + " VALUES (encode(sha256(convert_to(?, 'UTF8')), 'hex'), ?, "
                + expiresAtSql
                + ")")
        .param(token)
        .param(user)
        .update();
    return token;
  }

  @Test
  void refusesATokenWhoseExpiryHasPassedWith401() throws Exception {
    String expired = insertToken("now() - interval '1 minute'");
    Res res = get(STATS, expired);
    assertProblem(res, 401, null);
    assertThat(res.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(res.json().get("detail").asString()).isEqualTo("The token has expired");
    assertThat(tokens.check(expired).refusal()).isEqualTo("The token has expired");
    assertThat(tokens.authenticate(expired)).isEmpty();
    // /ws says why.
    assertThat(wsHandshakeDetail(expired)).isEqualTo("The token has expired");
    assertThat(wsHandshakeDetail("no-such-token")).isEqualTo("The token is unknown");

    String unexpired = insertToken("now() + interval '1 day'");
    assertThat(get(STATS, unexpired).status()).isEqualTo(200);
    String forever = insertToken("NULL");
    assertThat(get(STATS, forever).status()).isEqualTo(200);
  }

  @Test
  void stopsATokenAtItsExpiryEvenWhileItsLookupIsCached() throws Exception {
    String token = "it-expiry-" + UUID.randomUUID();
    Instant expiresAt = Instant.now().plusMillis(1500);
    tokens.provision("user-" + token, Role.VIEWER, token, expiresAt);
    assertThat(get(STATS, token).status()).isEqualTo(200); // cached from here for 60 s
    long wait = expiresAt.toEpochMilli() - System.currentTimeMillis() + 50;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    assertProblem(get(STATS, token), 401, null);
    assertThat(tokens.check(token).expired()).isTrue();
    // Provisioning it again without an expiry revives it.
    tokens.provision("user-" + token, Role.VIEWER, token);
    assertThat(get(STATS, token).status()).isEqualTo(200);
  }

  /** The detail of the problem document a {@code /ws} handshake with this token gets. */
  private String wsHandshakeDetail(String token) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /ws?token="
                  + token
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 401");
      JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
      return body.get("detail").asString();
    }
  }
}
