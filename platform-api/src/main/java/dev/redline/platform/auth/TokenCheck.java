package dev.redline.platform.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * What a bearer token turned out to be: valid (with its principal), expired (when), or unknown.
 *
 * @param principal the caller, when the token is valid; else null
 * @param expiredAt when the token expired, when it is known but expired; else null
 */
public record TokenCheck(Principal principal, Instant expiredAt) {

  static final TokenCheck UNKNOWN = new TokenCheck(null, null);

  public boolean valid() {
    return principal != null;
  }

  public boolean expired() {
    return expiredAt != null;
  }

  public Optional<Principal> asOptional() {
    return Optional.ofNullable(principal);
  }

  /** The 401's detail for a token that is not valid. */
  public String refusal() {
    return expired() ? "The token has expired" : "The token is unknown";
  }
}
