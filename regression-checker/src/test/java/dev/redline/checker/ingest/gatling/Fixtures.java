package dev.redline.checker.ingest.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real Gatling 3.15.1 run folders under src/test/resources/fixtures/gatling. */
final class Fixtures {
  private Fixtures() {}

  static Path root() {
    URL url = Fixtures.class.getResource("/fixtures/gatling");
    if (url == null) {
      throw new IllegalStateException("fixtures/gatling is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> runFolders() {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path run(String prefix) {
    return runFolders().stream()
        .filter(p -> p.getFileName().toString().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no fixture run " + prefix + "*"));
  }
}
