package org.actionrec.backbone.clip;

import java.util.Random;
import org.actionrec.backbone.onnx.OnnxIr.AttributeProto;
import org.actionrec.backbone.onnx.OnnxIr.GraphProto;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxIr.NodeProto;
import org.actionrec.backbone.onnx.OnnxIr.OperatorSetIdProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorShapeProto;
import org.actionrec.backbone.onnx.OnnxIr.TypeProto;
import org.actionrec.backbone.onnx.OnnxIr.ValueInfoProto;
import org.actionrec.backbone.onnx.OnnxTensors;

/**
 * Small clip networks with seeded random weights, written with the project's ONNX IR, in the two layouts users
 * export: an X3D-shaped 3D CNN on {@code [N,3,T,S,S]} (a 1×3×3 stem, a 3×3×3 depthwise convolution, a 1×1×1
 * expansion, global average pool) and a TSM-style 2D network on {@code [N*T,3,S,S]} whose temporal shift moves a
 * quarter of the channels one frame back within each clip; and probes whose output is the input's mean per
 * channel and frame, which show where each frame's values arrive.
 */
final class ClipOnnxModels {
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private ClipOnnxModels() {
    }

    /** X3D's shape: [N,3,T,S,S] → [N,12] (S even). */
    static ModelProto x3dShaped(int frames, int side, long seed) {
        Random r = new Random(seed);
        GraphProto.Builder g = GraphProto.newBuilder().setName("x3d_shaped")
                .addInput(input(5, 3, frames, side, side)).addOutput(output())
                .addInitializer(OnnxTensors.floatTensor("stem", new long[] {8, 3, 1, 3, 3}, random(r, 8 * 27, 0.3f)))
                .addInitializer(OnnxTensors.floatTensor("dw", new long[] {8, 1, 3, 3, 3}, random(r, 8 * 27, 0.3f)))
                .addInitializer(OnnxTensors.floatTensor("pw", new long[] {12, 8, 1, 1, 1}, random(r, 96, 0.4f)))
                .addNode(conv("stem", INPUT, "c1", ints("kernel_shape", 1, 3, 3), ints("strides", 1, 2, 2),
                        ints("pads", 0, 1, 1, 0, 1, 1)))
                .addNode(op("Relu", "c1", "r1"))
                .addNode(conv("dw", "r1", "c2", ints("kernel_shape", 3, 3, 3), ints("pads", 1, 1, 1, 1, 1, 1),
                        AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT).setI(8).build()))
                .addNode(op("Relu", "c2", "r2"))
                .addNode(conv("pw", "r2", "c3", ints("kernel_shape", 1, 1, 1)))
                .addNode(op("GlobalAveragePool", "c3", "p"))
                .addNode(op("Flatten", "p", OUTPUT));
        return model(g);
    }

    /** TSM's form: [N*T,3,S,S] → conv 3×3 stride 2 → temporal shift → ReLU → conv 1×1 → [N*T,10,S/2,S/2]. */
    static ModelProto tsmShaped(int frames, int side, long seed) {
        Random r = new Random(seed);
        int h = side / 2;
        GraphProto.Builder g = GraphProto.newBuilder().setName("tsm_shaped")
                .addInput(input(4, 3, side, side)).addOutput(output())
                .addInitializer(OnnxTensors.floatTensor("w1", new long[] {8, 3, 3, 3}, random(r, 8 * 27, 0.3f)))
                .addInitializer(OnnxTensors.floatTensor("w2", new long[] {10, 8, 1, 1}, random(r, 80, 0.4f)))
                .addInitializer(int64("clip_shape", -1, frames, 8, h, h))
                .addInitializer(int64("frame_shape", -1, 8, h, h))
                .addInitializer(int64("shift_starts", 1, 0)).addInitializer(int64("shift_ends", frames, 2))
                .addInitializer(int64("last_starts", frames - 1, 0)).addInitializer(int64("last_ends", frames, 2))
                .addInitializer(int64("rest_starts", 2)).addInitializer(int64("rest_ends", 8))
                .addInitializer(int64("axes_tc", 1, 2)).addInitializer(int64("axis_c", 2))
                .addInitializer(OnnxTensors.scalar("zero", 0f))
                .addNode(conv("w1", INPUT, "c1", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1)))
                .addNode(node("Reshape", "x5", "c1", "clip_shape"))
                // channels 0..1 of frame t+1 move to frame t; the last frame gets zeros there
                .addNode(node("Slice", "moved", "x5", "shift_starts", "shift_ends", "axes_tc"))
                .addNode(node("Slice", "last", "x5", "last_starts", "last_ends", "axes_tc"))
                .addNode(node("Mul", "zeros", "last", "zero"))
                .addNode(concat("shifted", 1, "moved", "zeros"))
                .addNode(node("Slice", "kept", "x5", "rest_starts", "rest_ends", "axis_c"))
                .addNode(concat("y5", 2, "shifted", "kept"))
                .addNode(node("Reshape", "y", "y5", "frame_shape"))
                .addNode(op("Relu", "y", "r"))
                .addNode(conv("w2", "r", OUTPUT, ints("kernel_shape", 1, 1)));
        return model(g);
    }

    /** [N,3,T,S,S] → [N, 3*T]: each channel's mean in each frame, channel-major. */
    static ModelProto ncthwProbe(int frames, int side) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("ncthw_probe")
                .addInput(input(5, 3, frames, side, side)).addOutput(output())
                .addNode(NodeProto.newBuilder().setOpType("ReduceMean").setName("mean").addInput(INPUT).addOutput("m")
                        .addAttribute(ints("axes", 3, 4)).addAttribute(AttributeProto.newBuilder().setName("keepdims")
                                .setType(AttributeProto.AttributeType.INT).setI(0)))
                .addNode(op("Flatten", "m", OUTPUT));
        return model(g);
    }

    /** [N*T,3,S,S] → [N*T, 3, 1, 1]: each frame's channel means. */
    static ModelProto tsmProbe(int side) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("tsm_probe")
                .addInput(input(4, 3, side, side)).addOutput(output())
                .addNode(op("GlobalAveragePool", INPUT, OUTPUT));
        return model(g);
    }

    private static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("actionrec-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
    }

    private static NodeProto conv(String w, String in, String out, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Conv").setName(out).addInput(in).addInput(w).addOutput(out);
        for (AttributeProto a : attributes) n.addAttribute(a);
        return n.build();
    }

    private static NodeProto op(String type, String in, String out) {
        return NodeProto.newBuilder().setOpType(type).setName(out).addInput(in).addOutput(out).build();
    }

    private static NodeProto node(String type, String out, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(out).addOutput(out);
        for (String i : inputs) n.addInput(i);
        return n.build();
    }

    private static NodeProto concat(String out, long axis, String a, String b) {
        return NodeProto.newBuilder().setOpType("Concat").setName(out).addInput(a).addInput(b).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(axis)).build();
    }

    private static TensorProto int64(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) t.addInt64Data(v);
        return t.build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    /** The input: a symbolic batch, then {@code dims}. */
    private static ValueInfoProto input(int rank, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        if (shape.getDimCount() != rank) throw new IllegalArgumentException("rank " + rank + " needs " + (rank - 1) + " dims");
        return ValueInfoProto.newBuilder().setName(INPUT).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    private static ValueInfoProto output() {
        return ValueInfoProto.newBuilder().setName(OUTPUT).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1))).build();
    }

    static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * scale;
        return v;
    }
}
