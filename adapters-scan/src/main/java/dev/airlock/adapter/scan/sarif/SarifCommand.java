package dev.airlock.adapter.scan.sarif;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The external command a {@link SarifCommandScanner} runs, as an argument list (no shell), and how
 * long it may take. {@value #DIR} stands for the unpacked package and {@value #OUTPUT} for the SARIF
 * file the command must write; both may appear inside an argument ({@code --out={output}}).
 *
 * @param arguments the program and its arguments
 * @param timeout how long one run may take before its process tree is killed
 */
public record SarifCommand(List<String> arguments, Duration timeout) {
  /** Placeholder for the folder the package is unpacked into (also the command's working directory). */
  public static final String DIR = "{dir}";
  /** Placeholder for the file the command writes its SARIF log to. */
  public static final String OUTPUT = "{output}";

  public SarifCommand {
    arguments = List.copyOf(arguments);
    if (arguments.isEmpty() || arguments.get(0).isBlank()) {
      throw new IllegalArgumentException("the SARIF command names no program");
    }
    if (arguments.stream().noneMatch(a -> a.contains(OUTPUT))) {
      throw new IllegalArgumentException("the SARIF command must pass " + OUTPUT
          + " to the tool: that is the file Airlock reads the results from");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the SARIF command timeout must be positive, was " + timeout);
    }
  }

  /** The program's file name, for messages ({@code eslint}, never a full path or the arguments). */
  public String programName() {
    String program = arguments.get(0);
    return program.substring(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
  }

  /** The arguments with the placeholders replaced. */
  List<String> resolve(Path dir, Path output) {
    return arguments.stream()
        .map(a -> a.replace(DIR, dir.toString()).replace(OUTPUT, output.toString()))
        .toList();
  }
}
