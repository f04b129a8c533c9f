package org.actionrec.cli;

import java.nio.file.Path;
import org.actionrec.RecognizerOptions;
import picocli.CommandLine.Option;

/** Where a model file's backbone comes from, for every command that opens model files. */
final class BackboneSource {
    @Option(names = {"-b", "--backbone"}, description = "backbone file, name or URL (default: the one inside the "
            + "model file, else the file it names, beside the model or in --model-dir); checked against the model's "
            + "sha256")
    String backbone;

    @Option(names = "--model-dir", description = "folder of backbone files and their companions (default "
            + "~/.actionrec/models)")
    Path modelDir;

    @Option(names = "--allow-download", description = "allow fetching a backbone given by http(s) URL")
    boolean allowDownload;

    RecognizerOptions options() {
        return RecognizerOptions.defaults().withBackbone(backbone).withModelDir(modelDir)
                .withAllowDownload(allowDownload);
    }
}
