package dev.airlock.bootstrap;

import java.io.PrintWriter;

/**
 * Where the CLI writes: {@code out} for results (the table, or one JSON document), {@code err} for
 * logs and messages when {@code out} must stay machine-readable.
 *
 * @param out results
 * @param err everything else
 */
public record Console(PrintWriter out, PrintWriter err) {}
