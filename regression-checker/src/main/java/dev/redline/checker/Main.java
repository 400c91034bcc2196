package dev.redline.checker;

import dev.redline.checker.cli.RedlineCommand;

/** Entry point of {@code redline.jar}; exit codes: 0 pass, 1 regression, 2 usage or input error. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RedlineCommand.run(args, System.out, System.err));
  }
}
