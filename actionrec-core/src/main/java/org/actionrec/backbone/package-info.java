/**
 * Backbones: frozen ImageNet CNNs behind one interface, {@link org.actionrec.backbone.Backbone}.
 *
 * <ul>
 *   <li>{@link org.actionrec.backbone.BackboneRegistry} names the papers' backbones and their
 *       {@link org.actionrec.backbone.BackboneSpec} (preprocessing, descriptor size, expected file names).</li>
 *   <li>{@link org.actionrec.backbone.ModelResolver} turns a name, path or URL into a local file and its sha256
 *       (downloads only when allowed; digests remembered between runs).</li>
 *   <li>{@link org.actionrec.backbone.Backbones#open} loads the file with DJL: {@code .onnx} on ONNX Runtime
 *       (fastest for frozen extraction here, best at batch 5–8), {@code .pt} TorchScript on PyTorch, or the engine
 *       named in {@link org.actionrec.backbone.BackboneOptions}.</li>
 *   <li>{@link org.actionrec.backbone.BackboneInfo} is the provenance to write into feature files and reports.</li>
 * </ul>
 *
 * <p>Process settings that are the application's to choose, not this library's: {@code -Dai.djl.offline=true};
 * {@code -Dai.djl.onnx.disable_alternative=true} keeps libtorch out of a process that only runs ONNX models
 * (less memory); {@code ai.djl.pytorch.num_threads}/{@code num_interop_threads} before the first PyTorch use.
 * DJL probes for CUDA when an engine starts and logs a warning on every CPU-only machine (from
 * {@code ai.djl.onnxruntime.engine.OrtEngine}: "CUDA is not supported OnnxRuntime engine"; from
 * {@code ai.djl.util.cuda.CudaUtils}: "Failed to detect GPU count" where a CUDA toolkit is installed without a
 * driver); the command sets those two loggers to {@code error} in its {@code simplelogger.properties}, and an
 * application may do the same in its own logging configuration.
 */
package org.actionrec.backbone;
