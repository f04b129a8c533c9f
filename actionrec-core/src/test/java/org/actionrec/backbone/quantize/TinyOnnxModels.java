package org.actionrec.backbone.quantize;

import java.util.Random;
import org.actionrec.backbone.onnx.OnnxIr.AttributeProto;
import org.actionrec.backbone.onnx.OnnxIr.GraphProto;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxIr.NodeProto;
import org.actionrec.backbone.onnx.OnnxIr.OperatorSetIdProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorShapeProto;
import org.actionrec.backbone.onnx.OnnxIr.TypeProto;
import org.actionrec.backbone.onnx.OnnxIr.ValueInfoProto;
import org.actionrec.backbone.onnx.OnnxTensors;

/**
 * Small float ONNX models the tests make themselves: [N,3,S,S] → Conv 3x3 → ReLU → Conv 1x1 → Add (residual) →
 * global average pool → flatten [N,4], with seeded random weights.
 */
final class TinyOnnxModels {
    static final String INPUT = "input";
    static final String OUTPUT = "features";

    private TinyOnnxModels() {
    }

    static ModelProto residual(long seed, int opset) {
        Random r = new Random(seed);
        GraphProto.Builder g = GraphProto.newBuilder().setName("tiny")
                .addInput(value(INPUT, 3)).addOutput(value(OUTPUT, 2))
                .addInitializer(OnnxTensors.floatTensor("w1", new long[] {4, 3, 3, 3}, random(r, 108, 0.3f)))
                .addInitializer(OnnxTensors.floatTensor("b1", new long[] {4}, random(r, 4, 0.1f)))
                .addInitializer(OnnxTensors.floatTensor("w2", new long[] {4, 4, 1, 1}, random(r, 16, 0.5f)))
                .addNode(conv("w1", "b1", INPUT, "c1", 1, 3))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("c1").addOutput("r1"))
                .addNode(conv("w2", "", "r1", "c2", 0, 1))
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("r1").addInput("c2").addOutput("a"))
                .addNode(NodeProto.newBuilder().setOpType("GlobalAveragePool").setName("gap").addInput("a").addOutput("p"))
                .addNode(NodeProto.newBuilder().setOpType("Flatten").setName("flat").addInput("p").addOutput(OUTPUT));
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("actionrec-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(g).build();
    }

    private static NodeProto conv(String w, String b, String in, String out, int pad, int kernel) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Conv").setName(out).addInput(in).addInput(w)
                .addOutput(out).addAttribute(ints("kernel_shape", kernel, kernel))
                .addAttribute(ints("pads", pad, pad, pad, pad));
        if (!b.isEmpty()) n.addInput(b);
        return n.build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    private static ValueInfoProto value(String name, int rank) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (rank == 3) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3));
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("H"));
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("W"));
        } else {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * scale;
        return v;
    }
}
