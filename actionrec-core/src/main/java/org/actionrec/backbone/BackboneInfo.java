package org.actionrec.backbone;

/**
 * Provenance of a loaded backbone, written into feature files and reports so every number can be traced to
 * the exact weights and engine that made it.
 *
 * @param name               backbone name (from the spec)
 * @param file               absolute path of the model file that was loaded
 * @param sha256             sha256 of that file
 * @param reference          what the user asked for (name, path or URL)
 * @param engine             the engine that ran it
 * @param engineVersion      the native engine's version (libtorch or ONNX Runtime)
 * @param djlVersion         DJL's version
 * @param spec               input preprocessing and expected descriptor
 * @param descriptorSize     floats per image the file actually gives (measured when loading)
 * @param intraOpThreads     threads requested (0 = engine default)
 * @param preferredBatchSize images per forward pass
 */
public record BackboneInfo(String name, String file, String sha256, String reference, BackboneEngine engine,
                           String engineVersion, String djlVersion, BackboneSpec spec, int descriptorSize,
                           int intraOpThreads, int preferredBatchSize) {
}
