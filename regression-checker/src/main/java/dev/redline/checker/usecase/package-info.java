/**
 * The use cases the CLI calls: compare runs with a baseline ({@link Compare}), calibrate the gate
 * from A/A runs ({@link Noise}), review the history's change points ({@link ChangePoints}). Each
 * takes runs already read and settings already resolved, and returns what it found; {@code cli/}
 * parses the arguments and prints the results. The gate's use case is {@code harness.Gate}, which
 * also drives the processes it measures.
 */
package dev.redline.checker.usecase;
