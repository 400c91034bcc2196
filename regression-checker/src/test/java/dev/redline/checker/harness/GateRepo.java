package dev.redline.checker.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A git repository the gate can run on without Maven or Gatling: its platform jar is the {@link
 * StandInPlatform}, its simulations' class path is present, so the head counts as built.
 */
final class GateRepo {
  private GateRepo() {}

  static final Progress QUIET =
      new Progress(
          new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(new ByteArrayOutputStream()),
          1);

  /** A repository at {@code root} with one commit and the head's build outputs in place. */
  static Checkout create(Path root) throws IOException {
    Files.createDirectories(root);
    Files.writeString(root.resolve(".gitignore"), "target/\n");
    Files.writeString(root.resolve("README.md"), "a repository for the gate's tests\n");
    git(root, "init", "-q");
    commitAll(root, "first");
    writeStandInJar(root.resolve("platform-api/target/platform-api.jar"));
    Path classPath = root.resolve("load-simulations/target/redline-test-classpath.txt");
    Files.createDirectories(classPath.getParent());
    Files.writeString(classPath, "");
    return new Checkout(root);
  }

  static void commitAll(Path root, String message) {
    git(root, "add", "-A");
    git(
        root,
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.org",
        "commit",
        "-qm",
        message);
  }

  static void git(Path root, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    int code = Procs.run(cmd, root, root.resolve("../git.log"));
    if (code != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: exit " + code);
    }
  }

  /** Sequential rounds (no CPU pinning), no JMH, no /ws window, a fixed seed. */
  static Gate.Options options(String baseRef, int rounds) {
    return new Gate.Options(
        baseRef, rounds, 1, 1, 1, 1, 0, Gate.Mode.SEQUENTIAL, null, Map.of(), Map.of(), 42L, 0, 1);
  }

  /** A runnable jar of the one class {@link StandInPlatform}. */
  private static void writeStandInJar(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandInPlatform.class.getName());
    String entry = StandInPlatform.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m);
        InputStream in = GateRepo.class.getClassLoader().getResourceAsStream(entry)) {
      j.putNextEntry(new JarEntry(entry));
      in.transferTo(j);
      j.closeEntry();
    }
  }
}
