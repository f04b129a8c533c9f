/**
 * Motion images for the motion streams of paper 000, matching the Python reference
 * ({@code shared/reference/frozen_svm_motion.py}): optical flow between a keyframe and the next frame as two
 * 8-bit images ({@link org.actionrec.motion.FarnebackFlow}, or the faster {@link org.actionrec.motion.DisFlow}),
 * and the motion history image over the frames up to the keyframe
 * ({@link org.actionrec.motion.MotionHistoryEncoder}). Frames are grey ({@link org.actionrec.motion.Greyscale});
 * {@link org.actionrec.motion.MotionFrames} tells a decoder which frames each encoder reads.
 */
package org.actionrec.motion;
