package org.actionrec.report;

/** A clip that could not be processed, and why (e.g. the typed error's message). */
public record Failure(String clip, String reason) {
}
