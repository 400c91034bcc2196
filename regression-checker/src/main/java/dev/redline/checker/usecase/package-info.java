/**
 * The use cases the CLI and the harness call: compare runs with a baseline ({@link Compare}),
 * record them ({@link Ingest}), calibrate the gate from A/A runs ({@link Noise}), review the
 * history's change points ({@link ChangePoints}). Each takes result paths or runs and settings
 * already resolved, and returns (or prints to the writer it is given) what it found; {@code cli/}
 * parses the arguments. {@link Check} is what the orchestrating commands decide after measuring,
 * with the settings {@code compare} takes from the environment; {@link Exit} the exit codes and
 * error sentences all share. The gate's measuring is {@code harness.Gate}, which drives processes.
 */
package dev.redline.checker.usecase;
