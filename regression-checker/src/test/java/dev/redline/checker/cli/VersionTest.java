package dev.redline.checker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class VersionTest {

  private static Manifest manifest(String version, String commit, String dirty) {
    Manifest m = new Manifest();
    Attributes a = m.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (version != null) {
      a.put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    }
    if (commit != null) {
      a.putValue("Git-Commit", commit);
    }
    if (dirty != null) {
      a.putValue("Git-Dirty", dirty);
    }
    return m;
  }

  @Test
  void printsTheVersionAndCommitTheBuildWrote() {
    assertThat(RedlineCommand.Version.describe(manifest("0.2.0", "1a2b3c4", "false")))
        .isEqualTo("redline 0.2.0 (commit 1a2b3c4)");
    assertThat(RedlineCommand.Version.describe(manifest("0.2.0", "1a2b3c4", "true")))
        .isEqualTo("redline 0.2.0 (commit 1a2b3c4, uncommitted changes)");
  }

  @Test
  void saysUnknownWhenTheBuildHadNoGitAndDevWithoutAJar() {
    assertThat(RedlineCommand.Version.describe(manifest("0.2.0", "${git.commit.id.abbrev}", null)))
        .isEqualTo("redline 0.2.0 (commit unknown)");
    assertThat(RedlineCommand.Version.describe(manifest(null, null, null)))
        .isEqualTo("redline dev");
    assertThat(RedlineCommand.Version.describe(null)).isEqualTo("redline dev");
  }
}
