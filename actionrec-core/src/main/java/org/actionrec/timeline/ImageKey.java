package org.actionrec.timeline;

import org.actionrec.streams.Stream;

/**
 * One image a window's keyframe needs, named by the frames it is made of: {@code first..last} of the run
 * ({@code first == last} for rgb; the flow pair; the motion history range). Two windows that need the same
 * image get the same key, so the image and its descriptor are made once.
 *
 * @param motion which motion settings made it (inputs of a model may differ), -1 for rgb
 */
record ImageKey(int motion, Stream stream, long first, long last) {
}
