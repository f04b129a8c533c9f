package org.actionrec.dataset;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the group of a clip from its file name, so that clips cut from one source (one actor and scene in UCF,
 * one source video in HMDB) can be kept on one side of any split.
 */
public final class GroupIds {
    /** UCF101 / UCF50: {@code v_<Class>_g08_c01}. */
    private static final Pattern UCF_GROUP_CLIP = Pattern.compile("^v_.+_g(\\d+)_c(\\d+)$", Pattern.CASE_INSENSITIVE);
    /** UCF11 (YouTube actions): {@code v_<action>_01_03}, group then clip. */
    private static final Pattern UCF11_GROUP_CLIP = Pattern.compile("^v_.+_(\\d+)_(\\d+)$", Pattern.CASE_INSENSITIVE);

    private GroupIds() {
    }

    /**
     * The group of a clip: {@code g08}-style for UCF names (UCF101, UCF50, UCF11); for HMDB51/JHMDB names
     * ({@code <source video>_<class>_<tags>_<n>.avi}) the source video, cut at the last {@code _<class>_};
     * otherwise the whole file stem.
     */
    public static String of(String fileName, String label) {
        String stem = stem(fileName);
        Matcher ucf = UCF_GROUP_CLIP.matcher(stem);
        if (ucf.matches()) {
            return "g" + ucf.group(1);
        }
        Matcher ucf11 = UCF11_GROUP_CLIP.matcher(stem);
        if (ucf11.matches()) {
            return "g" + ucf11.group(1);
        }
        String hmdb = hmdbSourceVideo(stem, label);
        return hmdb != null ? hmdb : stem;
    }

    /** The source video of an HMDB-style stem, or null where {@code _<label>_} does not occur after a prefix. */
    static String hmdbSourceVideo(String stem, String label) {
        String marker = "_" + label + "_";
        int at = stem.lastIndexOf(marker);
        if (at < 0) {
            // Case may differ between folder and file name; compare lower-cased (same length for these names).
            String lowerStem = stem.toLowerCase(Locale.ROOT);
            String lowerMarker = marker.toLowerCase(Locale.ROOT);
            if (lowerStem.length() == stem.length()) {
                at = lowerStem.lastIndexOf(lowerMarker);
            }
        }
        return at > 0 ? stem.substring(0, at) : null;
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
