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

    /** Where a clip's group came from; only {@link #NONE} leaves near-duplicate clips free to leak. */
    public enum Source {
        UCF101("file names (UCF101/UCF50 _gXX_ convention)"),
        UCF11("file names (UCF11 convention)"),
        HMDB("file names (HMDB/JHMDB source video)"),
        MANIFEST("the manifest's group column"),
        NONE("none: the clip is its own group");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /** A plain phrase for reports, e.g. {@code file names (HMDB/JHMDB source video)}. */
        public String description() {
            return description;
        }
    }

    /** A clip's group and where it came from. */
    public record Group(String id, Source source) {
    }

    private GroupIds() {
    }

    /**
     * The group of a clip: {@code g08}-style for UCF names (UCF101, UCF50, UCF11); for HMDB51/JHMDB names
     * ({@code <source video>_<class>_<tags>_<n>.avi}) the source video, cut at the last {@code _<class>_};
     * otherwise the whole file stem.
     */
    public static String of(String fileName, String label) {
        return derive(fileName, label).id();
    }

    /** As {@link #of}, also saying which convention matched ({@link Source#NONE} for the file-stem fallback). */
    public static Group derive(String fileName, String label) {
        String stem = stem(fileName);
        Matcher ucf = UCF_GROUP_CLIP.matcher(stem);
        if (ucf.matches()) {
            return new Group("g" + ucf.group(1), Source.UCF101);
        }
        Matcher ucf11 = UCF11_GROUP_CLIP.matcher(stem);
        if (ucf11.matches()) {
            return new Group("g" + ucf11.group(1), Source.UCF11);
        }
        String hmdb = hmdbSourceVideo(stem, label);
        return hmdb != null ? new Group(hmdb, Source.HMDB) : new Group(stem, Source.NONE);
    }

    /** Whether a file name follows one of the known conventions, so its group joins clips of one source. */
    public static boolean matchesConvention(String fileName, String label) {
        return derive(fileName, label).source() != Source.NONE;
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
