package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateProofTest {
  /** A real corpus gate's verdicts (a run on a busy machine: two kinds not named). */
  private static final Path CORPUS_JUNIT =
      Path.of("src/test/resources/fixtures/gate/corpus-junit.xml");

  @Test
  void readsTheRegressionsOfARealGateFromItsJunitXml() {
    assertThat(GateProof.regressions(CORPUS_JUNIT))
        .containsExactly(
            "service GET /api/v1/dashboard/stats alloc",
            "service GET /api/v1/models/{id} alloc",
            "service GET /api/v1/models/{id} sql");
  }

  @Test
  void aMissingJunitFileHasNoRegressions() {
    assertThat(GateProof.regressions(Path.of("no/such/junit.xml"))).isEmpty();
  }

  @Test
  void theRealCorpusGateMissedTwoKindsSoftlyAndNamedNoOtherEndpoint() {
    List<GateProof.Check> checks = GateProof.corpus(1, GateProof.regressions(CORPUS_JUNIT), false);
    assertThat(checks)
        .extracting(GateProof.Check::ok)
        .containsExactly(true, false, true, true, false, false, true);
    // cpu:12 and latency:12 missed: soft, so the proof still passes
    assertThat(checks).filteredOn(c -> !c.ok()).allMatch(c -> !c.fatal());
    assertThat(GateProof.corpus(1, GateProof.regressions(CORPUS_JUNIT), true))
        .filteredOn(c -> !c.ok())
        .allMatch(GateProof.Check::fatal);
  }

  @Test
  void anEndpointOutsideTheCorpusFailsTheProof() {
    List<GateProof.Check> checks =
        GateProof.corpus(
            1,
            Set.of(
                "service GET /api/v1/config/optimization-criteria cpu_p50",
                "service GET /api/v1/dashboard/stats alloc",
                "service GET /api/v1/models/{id} sql",
                "GET /optimization/sessions?status p50",
                "service POST /api/v1/auth/token cpu"),
            false);
    GateProof.Check others = checks.get(checks.size() - 1);
    assertThat(others.ok()).isFalse();
    assertThat(others.fatal()).isTrue();
    assertThat(others.detail()).isEqualTo("service POST /api/v1/auth/token cpu");
    assertThat(checks.subList(0, 5)).allMatch(GateProof.Check::ok);
    assertThat(checks.get(5).ok()).as("/ws not named: a soft miss").isFalse();
    assertThat(checks.get(5).fatal()).isFalse();
  }

  @Test
  void slowerWsDeliveryAndTheDbPoolAreNotOtherEndpoints() {
    List<GateProof.Check> checks =
        GateProof.corpus(
            1,
            Set.of(
                "service GET /api/v1/config/optimization-criteria cpu",
                "service GET /api/v1/dashboard/stats alloc",
                "service GET /api/v1/models/{id} sql",
                "service GET /api/v1/optimization/sessions p50",
                "WS /ws delivery p50",
                "service DB pool pool_wait"),
            false);
    assertThat(checks).allMatch(GateProof.Check::ok);
    assertThat(checks.get(5).detail()).isEqualTo("WS /ws delivery p50");
  }

  @Test
  void aGateThatCouldNotDecideIsAlwaysFatal() {
    assertThat(GateProof.sameBuild(2, false).fatal()).isTrue();
    assertThat(GateProof.sameBuild(1, false).fatal()).isFalse();
    assertThat(GateProof.belowLimit(2, Set.of(), false).fatal()).isTrue();
    assertThat(GateProof.corpus(0, Set.of(), false).get(0).fatal()).isTrue();
  }
}
