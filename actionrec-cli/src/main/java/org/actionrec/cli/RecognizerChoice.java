package org.actionrec.cli;

import java.nio.file.Path;
import org.actionrec.RecognizerOptions;
import picocli.CommandLine.Option;

/** The model file and where its backbone comes from: what every command that recognises takes. */
final class RecognizerChoice {
    @Option(names = {"-m", "--model"}, required = true, description = "model file (model.actionrec, written by run "
            + "or train)")
    Path model;

    @Option(names = {"-b", "--backbone"}, description = "backbone file, name or URL (default: the one inside the "
            + "model file, else the file it names, beside the model or in --model-dir); checked against the model's "
            + "sha256")
    String backbone;

    @Option(names = "--model-dir", description = "folder of backbone files (default ~/.actionrec/models)")
    Path modelDir;

    @Option(names = "--allow-download", description = "allow fetching a backbone given by http(s) URL")
    boolean allowDownload;

    @Option(names = "--threads", description = "backbone threads (default: the machine's cores)")
    Integer threads;

    RecognizerOptions options() {
        RecognizerOptions o = RecognizerOptions.defaults().withBackbone(backbone).withModelDir(modelDir)
                .withAllowDownload(allowDownload);
        return threads != null ? o.withSessions(1, threads) : o;
    }
}
