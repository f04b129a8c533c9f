/**
 * Images to backbone input tensors: {@link org.actionrec.transform.ImagePreprocessor} for evaluation (shorter side
 * resized, centre crop or ten crops, normalised, CHW floats written into a caller's batch array) as configured by
 * {@link org.actionrec.transform.ImagePreprocessing}; {@link org.actionrec.transform.ClipAugmenter} for training
 * (one flip, crop and colour jitter drawn per clip and applied to all its frames).
 */
package org.actionrec.transform;
