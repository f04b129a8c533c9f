package org.actionrec.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the text of split and list files: any line ends (the UCF101 lists use CRLF), blank lines left out. */
final class SplitText {
    /** A non-blank line, trimmed, with its 1-based number for error messages. */
    record Line(int number, String text) {
    }

    private SplitText() {
    }

    static List<Line> read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, what + " does not exist");
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read " + what + ": " + e, e);
        }
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] raw = text.split("\r\n|\r|\n", -1);
        List<Line> lines = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            String trimmed = raw[i].strip();
            if (!trimmed.isEmpty()) {
                lines.add(new Line(i + 1, trimmed));
            }
        }
        return lines;
    }

    /** UTF-8 where valid, else Latin-1 (older split files were written by tools that knew no UTF-8). */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The numbers k found in the names of the files of {@code dir} that match {@code pattern} (group
     * {@code group}), ascending; a missing folder or no match is an error naming the folder.
     */
    static java.util.List<Integer> numbersInFileNames(java.nio.file.Path dir, java.util.regex.Pattern pattern, int group,
                                                      String expected) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new DatasetException(dir, "split folder does not exist");
        }
        java.util.Set<Integer> numbers = new java.util.TreeSet<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            files.forEach(f -> {
                java.util.regex.Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Integer.parseInt(m.group(group)));
                }
            });
        } catch (java.io.IOException e) {
            throw new DatasetException(dir, "cannot list split folder: " + e.getMessage(), e);
        }
        if (numbers.isEmpty()) {
            throw new DatasetException(dir, "no " + expected + " files in split folder");
        }
        return java.util.List.copyOf(numbers);
    }
}
