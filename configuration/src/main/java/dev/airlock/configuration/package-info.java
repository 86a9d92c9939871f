/**
 * The catalogue of Airlock's settings ({@link dev.airlock.configuration.Catalogue}): each option with
 * its {@code AIRLOCK_*} variable, kind, choices, default, help text and topic, read by the CLI (its
 * options, help, environment fallbacks and error messages) and by the CDK stack (the variables it sets).
 *
 * <p>The Immutables style is {@code dev.airlock.domain.ValueStyle}'s, written out here because this
 * module depends on nothing, not even the domain: the CDK app reads it without Airlock's other jars.
 */
@Value.Style(
    visibility = ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    allowedClasspathAnnotations = {Override.class},
    defaults = @Value.Immutable(copy = false))
package dev.airlock.configuration;

import org.immutables.value.Value;
import org.immutables.value.Value.Style.ImplementationVisibility;
