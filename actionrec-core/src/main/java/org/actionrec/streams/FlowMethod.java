package org.actionrec.streams;

/** Which dense optical flow makes the flow images: Farnebäck (paper 000's, the reference's) or DIS (fast). */
public enum FlowMethod { FARNEBACK, DIS }
