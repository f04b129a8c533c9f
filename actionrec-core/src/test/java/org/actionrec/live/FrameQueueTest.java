package org.actionrec.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
    static FrameQueue.Item.Frame frame(double t) {
        return new FrameQueue.Item.Frame(null, t, 0);
    }

    @Test
    void aFullDroppingQueueLosesItsOldestFramesNeverItsMarkers() throws Exception {
        FrameQueue q = new FrameQueue(3, true);
        q.put(frame(0));
        q.put(new FrameQueue.Item.Gap(1));
        for (int i = 1; i < 6; i++) q.put(frame(i));
        q.put(new FrameQueue.Item.End("end of file", null));
        assertThat(q.dropped()).isEqualTo(3);
        List<Object> out = new ArrayList<>();
        for (FrameQueue.Item it = q.poll(0); it != null; it = q.poll(0)) {
            out.add(it instanceof FrameQueue.Item.Frame f ? f.timeS() : it.getClass().getSimpleName());
        }
        assertThat(out).containsExactly("Gap", 3.0, 4.0, 5.0, "End");
    }

    @Test
    void aFullWaitingQueueMakesTheReaderWait() throws Exception {
        FrameQueue q = new FrameQueue(2, false);
        q.put(frame(0));
        q.put(frame(1));
        Thread reader = new Thread(() -> {
            try {
                q.put(frame(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        reader.join(300);
        assertThat(reader.isAlive()).isTrue(); // waiting for room
        assertThat(((FrameQueue.Item.Frame) q.poll(0)).timeS()).isEqualTo(0);
        reader.join(5000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(q.dropped()).isZero();
        assertThat(((FrameQueue.Item.Frame) q.poll(0)).timeS()).isEqualTo(1);
        assertThat(((FrameQueue.Item.Frame) q.poll(0)).timeS()).isEqualTo(2);
        assertThat(q.poll(10)).isNull();
    }

    @Test
    void sourcesAreToldApart() {
        assertThat(Source.parse("/dev/video0").kind()).isEqualTo(Source.Kind.DEVICE);
        assertThat(Source.parse("rtsp://cam.local/stream").kind()).isEqualTo(Source.Kind.URL);
        assertThat(Source.parse("udp://127.0.0.1:5000").kind()).isEqualTo(Source.Kind.URL);
        assertThat(Source.parse("clips/a.mp4").kind()).isEqualTo(Source.Kind.FILE);
        assertThat(Source.parse("file:///tmp/a.mp4")).isEqualTo(new Source(Source.Kind.FILE, "/tmp/a.mp4"));
        assertThat(ReconnectPolicy.DEFAULTS.delay(1).toMillis()).isEqualTo(500);
        assertThat(ReconnectPolicy.DEFAULTS.delay(3).toMillis()).isEqualTo(2000);
        assertThat(ReconnectPolicy.DEFAULTS.delay(10).toMillis()).isEqualTo(8000);
        assertThat(org.actionrec.eval.Percentiles.nearestRank(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95)).isEqualTo(10);
        assertThat(org.actionrec.eval.Percentiles.nearestRank(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    }
}
