package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;

import dev.redline.simulations.endpoints.ConfigEndpoints;
import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.endpoints.ModelEndpoints;
import dev.redline.simulations.journeys.SessionBrowsingJourney;
import dev.redline.simulations.journeys.SessionWritingJourney;
import dev.redline.simulations.support.ModelIds;
import dev.redline.simulations.support.SimulationConfig;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The one request each arrival of a local run makes, by suite ({@code -Drun.suite}): the local
 * run's window plays it at a constant rate, and the stress, spike and soak shapes play the same
 * request chain at their own rates, so {@code ./redline run mixed --profile stress} stresses the
 * mixed suite, not only the dashboard.
 */
public final class SuiteMix {
  /** The suites a local run and the shapes can play. */
  public static final List<String> SUITES = List.of("mixed", "dashboard", "sessions", "config");

  /**
   * One part of a suite's mix.
   *
   * @param label what it requests, for messages and tests
   * @param weight its share of the arrivals, percent
   * @param needsModels its chain picks one of the platform's model ids
   * @param chain the chain, from the model ids (empty unless a part needs them)
   */
  public record Part(
      String label,
      double weight,
      boolean needsModels,
      Function<List<String>, ChainBuilder> chain) {}

  private SuiteMix() {}

  /**
   * The suite a {@code -Drun.suite} value names (trimmed, any case), empty when it is unset or
   * blank; refuses a name that is not one of {@link #SUITES}, naming it.
   */
  public static Optional<String> named(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String suite = value.trim().toLowerCase(Locale.ROOT);
    if (!SUITES.contains(suite)) {
      throw new IllegalArgumentException(
          "-Drun.suite=" + value + " is not one of: " + String.join(", ", SUITES));
    }
    return Optional.of(suite);
  }

  /** The parts of {@code suite}'s mix; their weights add up to 100. */
  public static List<Part> parts(String suite) {
    Part dashboard =
        new Part("dashboard", 100, false, m -> DashboardEndpoints.stats().toChainBuilder());
    Part config = new Part("config", 100, false, m -> ConfigEndpoints.get().toChainBuilder());
    return switch (named(suite).orElseThrow(() -> new IllegalArgumentException("no suite"))) {
      case "dashboard" -> List.of(dashboard);
      case "config" -> List.of(config);
      case "sessions" ->
          List.of(
              new Part("session list", 50, false, m -> SessionBrowsingJourney.oneListQuery()),
              new Part(
                  "filtered session list",
                  50,
                  false,
                  m -> SessionBrowsingJourney.distinctFilteredQuery()));
      default ->
          List.of(
              new Part("dashboard", 20, false, dashboard.chain()),
              new Part("session list", 15, false, m -> SessionBrowsingJourney.oneListQuery()),
              new Part(
                  "filtered session list",
                  10,
                  false,
                  m -> SessionBrowsingJourney.distinctFilteredQuery()),
              new Part("model list", 10, false, m -> ModelEndpoints.list().toChainBuilder()),
              new Part("one model", 15, true, SuiteMix::oneModel),
              new Part("config", 20, false, config.chain()),
              new Part("session create", 10, true, SessionWritingJourney::createOnRandomModel));
    };
  }

  /** One request of {@code suite}'s mix, chosen by weight for each arrival. */
  public static ChainBuilder request(String suite, SimulationConfig config) {
    List<Part> parts = parts(suite);
    List<String> models =
        parts.stream().anyMatch(Part::needsModels) ? ModelIds.fetch(config) : List.of();
    return randomSwitch()
        .on(
            parts.stream()
                .map(p -> new Choice.WithWeight(p.weight(), p.chain().apply(models)))
                .toArray(Choice.WithWeight[]::new));
  }

  private static ChainBuilder oneModel(List<String> ids) {
    return exec(session ->
            session.set("modelId", ids.get(ThreadLocalRandom.current().nextInt(ids.size()))))
        .exec(ModelEndpoints.get());
  }
}
