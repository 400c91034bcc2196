package dev.redline.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ratelimit.RateLimitGroup;
import org.junit.jupiter.api.Test;

class AccessRuleTest {

  @Test
  void mapsRoutesToRolesAndRateLimitGroups() {
    assertThat(AccessRule.of("GET", "/api/v1/dashboard/stats"))
        .isEqualTo(new AccessRule(Role.VIEWER, RateLimitGroup.DASHBOARD));
    assertThat(AccessRule.of("POST", "/api/v1/optimization/sessions"))
        .isEqualTo(new AccessRule(Role.OPERATOR, RateLimitGroup.SESSIONS));
    assertThat(AccessRule.of("POST", "/api/v1/optimization/sessions/x/cancel").role())
        .isEqualTo(Role.OPERATOR);
    assertThat(AccessRule.of("PUT", "/api/v1/config/optimization-criteria"))
        .isEqualTo(new AccessRule(Role.ADMIN, RateLimitGroup.CONFIG_WRITE));
    assertThat(AccessRule.of("GET", "/api/v1/config/optimization-criteria").group())
        .isEqualTo(RateLimitGroup.CONFIG_READ);
    assertThat(AccessRule.of("POST", "/api/v1/models").role()).isEqualTo(Role.OPERATOR);
  }

  @Test
  void deniesUnnamedPathsAndLetsEveryoneLearnAMethodIsNotServed() {
    assertThat(AccessRule.of("GET", "/api/v1/unknown")).isEqualTo(AccessRule.DENY);
    assertThat(AccessRule.of("GET", "/API/v1/models")).isEqualTo(AccessRule.DENY);
    assertThat(AccessRule.of("GET", "/api/v1/models/a/b")).isEqualTo(AccessRule.DENY);
    assertThat(AccessRule.of("DELETE", "/api/v1/models/x").role()).isEqualTo(Role.VIEWER);
    assertThat(AccessRule.of("HEAD", "/api/v1/dashboard/stats").group())
        .isEqualTo(RateLimitGroup.DASHBOARD);
    assertThat(AccessRule.of("GET", "/actuator/prometheus").role()).isEqualTo(Role.ADMIN);
    assertThat(AccessRule.isPublic("/actuator/health/readiness")).isTrue();
    assertThat(AccessRule.isPublic("/actuator/prometheus")).isFalse();
    assertThat(AccessRule.isPublic("/ws")).isTrue();
  }

  @Test
  void ordersRoles() {
    assertThat(Role.ADMIN.covers(Role.OPERATOR)).isTrue();
    assertThat(Role.OPERATOR.covers(Role.ADMIN)).isFalse();
    assertThat(Role.VIEWER.covers(Role.VIEWER)).isTrue();
  }
}
