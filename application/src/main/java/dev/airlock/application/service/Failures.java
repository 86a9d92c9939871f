package dev.airlock.application.service;

/** Turns unexpected exceptions into one-line reasons for reports. */
final class Failures {
  private Failures() {}

  static String describe(Throwable e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
