package dev.airlock.bootstrap;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import javax.inject.Qualifier;

/** The writer the console notifier talks to requesters on. */
@Qualifier
@Documented
@Retention(RUNTIME)
public @interface RequesterOutput {}
