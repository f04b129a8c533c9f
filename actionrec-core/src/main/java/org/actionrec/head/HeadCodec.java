package org.actionrec.head;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Writes and reads trained heads as JSON (the kind is in the {@code head} property), e.g. inside a model bundle. */
public final class HeadCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private HeadCodec() {
    }

    /** The mapper used here, for callers that embed heads in a larger JSON document. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void write(ClipClassifier head, OutputStream out) throws IOException {
        MAPPER.writerFor(ClipClassifier.class).writeValue(out, head);
    }

    public static byte[] toBytes(ClipClassifier head) throws IOException {
        return MAPPER.writerFor(ClipClassifier.class).writeValueAsBytes(head);
    }

    public static ClipClassifier read(InputStream in) throws IOException {
        return MAPPER.readValue(in, ClipClassifier.class);
    }

    public static ClipClassifier fromBytes(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, ClipClassifier.class);
    }
}
