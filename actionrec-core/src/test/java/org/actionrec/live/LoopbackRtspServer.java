package org.actionrec.live;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest RTSP server that FFmpeg's RTSP client plays from, for tests: on 127.0.0.1, one client, one MPEG-TS
 * track (RTP payload type 33, seven TS packets per RTP packet) sent in real time over RTP/UDP or interleaved in the
 * RTSP connection, whichever the client sets up. Once the stream is sent it closes everything, so the client sees
 * the stream lost and a reconnect finds nobody. (In Java because no RTSP server is packaged where the tests run,
 * and FFmpeg's own RTSP output cannot serve a client that pulls.)
 */
final class LoopbackRtspServer implements AutoCloseable {
    private static final int TS_PACKET = 188;
    private static final int PER_RTP = 7;
    private static final Pattern CLIENT_PORT = Pattern.compile("client_port=(\\d+)");

    private final byte[] ts;
    private final double seconds;
    private final ServerSocket server;
    private final List<String> transports = new ArrayList<>();
    private final CompletableFuture<Integer> sent = new CompletableFuture<>();
    private final Thread thread;
    private volatile Socket client;
    private DatagramSocket rtp;
    private DatagramSocket rtcp;

    private LoopbackRtspServer(byte[] ts, double seconds) throws IOException {
        this.ts = ts;
        this.seconds = seconds;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "rtsp-test-server");
        thread.setDaemon(true);
    }

    /** Serves {@code ts} (an MPEG-TS file's bytes) paced so that it lasts {@code seconds}. */
    static LoopbackRtspServer start(byte[] ts, double seconds) throws IOException {
        LoopbackRtspServer s = new LoopbackRtspServer(ts, seconds);
        s.thread.start();
        return s;
    }

    String url() {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/camera";
    }

    /** Completes with the number of RTP packets sent once all are, or exceptionally if serving failed. */
    CompletableFuture<Integer> sent() {
        return sent;
    }

    /** The Transport headers the client asked for, in order. */
    synchronized List<String> transports() {
        return List.copyOf(transports);
    }

    private void serve() {
        try (Socket c = server.accept()) {
            client = c;
            DataInputStream in = new DataInputStream(c.getInputStream());
            OutputStream out = c.getOutputStream();
            Integer udpPort = null;
            boolean interleaved = false;
            while (true) {
                Map<String, String> request = read(in);
                if (request == null) throw new IOException("the client closed the connection before PLAY");
                String method = request.get("");
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("CSeq", request.getOrDefault("cseq", "0"));
                headers.put("Session", "4711");
                String body = "";
                if (method.startsWith("OPTIONS")) {
                    headers.put("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN");
                } else if (method.startsWith("DESCRIBE")) {
                    headers.put("Content-Base", url() + "/");
                    headers.put("Content-Type", "application/sdp");
                    body = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=actionrec test\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                            + "m=video 0 RTP/AVP 33\r\na=rtpmap:33 MP2T/90000\r\na=control:track0\r\n";
                } else if (method.startsWith("SETUP")) {
                    String transport = request.getOrDefault("transport", "");
                    synchronized (this) {
                        transports.add(transport);
                    }
                    Matcher port = CLIENT_PORT.matcher(transport);
                    if (transport.contains("interleaved") || transport.contains("/TCP")) {
                        interleaved = true;
                        headers.put("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
                    } else if (port.find()) {
                        udpPort = Integer.parseInt(port.group(1));
                        openUdpPair();
                        headers.put("Transport", "RTP/AVP/UDP;unicast;client_port=" + udpPort + "-" + (udpPort + 1)
                                + ";server_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort());
                    } else {
                        respond(out, "461 Unsupported Transport", headers, "");
                        continue;
                    }
                }
                respond(out, "200 OK", headers, body);
                if (method.startsWith("PLAY")) break;
            }
            sent.complete(stream(out, interleaved, udpPort));
        } catch (IOException | RuntimeException e) {
            sent.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sent.completeExceptionally(e);
        } finally {
            close();
        }
    }

    /** RTP packets of seven TS packets each, each sent at its share of {@code seconds}. */
    private int stream(OutputStream out, boolean interleaved, Integer udpPort)
            throws IOException, InterruptedException {
        int chunk = TS_PACKET * PER_RTP;
        int packets = (ts.length + chunk - 1) / chunk;
        long start = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            int from = i * chunk;
            int length = Math.min(chunk, ts.length - from);
            long elapsed = System.nanoTime() - start;
            byte[] packet = new byte[12 + length];
            packet[0] = (byte) 0x80; // version 2
            packet[1] = 33;          // MP2T
            put(packet, 2, i, 2);
            put(packet, 4, elapsed * 90_000 / 1_000_000_000L, 4); // 90 kHz clock
            put(packet, 8, 0x4163_7452L, 4);
            System.arraycopy(ts, from, packet, 12, length);
            if (interleaved) {
                byte[] frame = new byte[4 + packet.length];
                frame[0] = '$';
                put(frame, 2, packet.length, 2);
                System.arraycopy(packet, 0, frame, 4, packet.length);
                out.write(frame);
                out.flush();
            } else {
                rtp.send(new DatagramPacket(packet, packet.length,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort)));
            }
            long wait = start + (long) (seconds * 1e9 * (i + 1) / packets) - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        return packets;
    }

    /** An even RTP port and the RTCP port above it, as RTSP expects. */
    private void openUdpPair() throws IOException {
        for (int attempt = 0; attempt < 50 && rtcp == null; attempt++) {
            DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                rtcp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        a.getLocalPort() + 1));
                rtp = a;
            } catch (IOException taken) {
                a.close();
            }
        }
        if (rtcp == null) throw new IOException("no two neighbouring UDP ports free on 127.0.0.1");
    }

    /**
     * The next request: its request line under "" and its headers by lower-case name; interleaved RTCP frames
     * from the client are skipped. Null at the end of the connection.
     */
    private static Map<String, String> read(DataInputStream in) throws IOException {
        Map<String, String> request = new LinkedHashMap<>();
        int length = 0;
        while (true) {
            int first = in.read();
            if (first < 0) return null;
            if (first == '$' && request.isEmpty()) {
                in.readUnsignedByte();
                in.skipNBytes(in.readUnsignedShort());
                continue;
            }
            String line = first == '\n' ? "" : first == '\r' ? line(in) : (char) first + line(in);
            if (line.isEmpty()) {
                if (request.isEmpty()) continue;
                break;
            }
            if (request.isEmpty()) {
                request.put("", line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    request.put(name, line.substring(colon + 1).strip());
                    if (name.equals("content-length")) length = Integer.parseInt(request.get(name));
                }
            }
        }
        in.skipNBytes(length);
        return request;
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void respond(OutputStream out, String status, Map<String, String> headers, String body)
            throws IOException {
        StringBuilder s = new StringBuilder("RTSP/1.0 ").append(status).append("\r\n");
        headers.forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
        byte[] content = body.getBytes(StandardCharsets.US_ASCII);
        if (content.length > 0) s.append("Content-Length: ").append(content.length).append("\r\n");
        s.append("\r\n");
        out.write(s.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
    }

    private static void put(byte[] b, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) b[at + i] = (byte) (value >>> (8 * (bytes - 1 - i)));
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {client, server, rtp, rtcp}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing a test server: nothing left to do
            }
        }
    }
}
