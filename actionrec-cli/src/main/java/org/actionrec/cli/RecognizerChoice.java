package org.actionrec.cli;

import java.nio.file.Path;
import org.actionrec.RecognizerOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model file and where its backbone comes from: what every command that recognises takes. */
final class RecognizerChoice {
    @Option(names = {"-m", "--model"}, required = true, description = "model file (model.actionrec, written by run "
            + "or train)")
    Path model;

    @Mixin
    BackboneSource backbone;

    @Option(names = "--threads", description = "backbone threads (default: the machine's cores; timeline and live: "
            + "two one-thread sessions that take windows in turn)")
    Integer threads;

    RecognizerOptions options() {
        RecognizerOptions o = backbone.options();
        return threads != null ? o.withSessions(1, threads) : o;
    }

    /** For timeline and live: two one-thread backbone sessions, unless --threads asks for one session of N. */
    RecognizerOptions windowOptions() {
        return threads != null ? options() : backbone.options().forWindows();
    }
}
