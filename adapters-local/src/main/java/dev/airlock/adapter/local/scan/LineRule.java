package dev.airlock.adapter.local.scan;

import dev.airlock.domain.Severity;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A rule that matches single lines of text files.
 *
 * @param id stable rule id (waivers name it)
 * @param title one-line title
 * @param severity how bad a match is
 * @param description what a match means
 * @param recommendation what to do
 * @param pattern what to look for on one line
 * @param appliesTo which archive paths the rule reads
 */
record LineRule(
    String id,
    String title,
    Severity severity,
    String description,
    String recommendation,
    Pattern pattern,
    Predicate<String> appliesTo) {}
