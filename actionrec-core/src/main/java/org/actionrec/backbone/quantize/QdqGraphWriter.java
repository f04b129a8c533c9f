package org.actionrec.backbone.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionrec.backbone.onnx.OnnxIr.AttributeProto;
import org.actionrec.backbone.onnx.OnnxIr.GraphProto;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxIr.NodeProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorProto;
import org.actionrec.backbone.onnx.OnnxIr.ValueInfoProto;
import org.actionrec.backbone.onnx.OnnxModelException;
import org.actionrec.backbone.onnx.OnnxTensors;

/**
 * Rewrites a float graph into QDQ form by its {@link QuantizationPlan} and calibrated ranges: each quantized
 * tensor gets one QuantizeLinear (uint8, per tensor) after its producer and one DequantizeLinear per consumer;
 * each quantized node's weights become int8 (symmetric, per output channel) behind a DequantizeLinear, its bias
 * int32 at the input's step times the weight's. ONNX Runtime fuses DQ → op → Q into its int8 kernels. Nodes stay in
 * topological order: a quantize right after its producer, a dequantize right before its consumer.
 */
final class QdqGraphWriter {
    private final QuantizationPlan plan;
    private final Map<String, ActivationRange> ranges;
    private final Map<Integer, float[]> biasShifts;
    private final int weightLevel;
    private final Set<String> names = new HashSet<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> added = new ArrayList<>();
    /** The uint8 tensor, step and zero point of each quantized tensor, by the name consumers read. */
    private final Map<String, List<String>> quantizedOf = new HashMap<>();

    private QdqGraphWriter(QuantizationPlan plan, Map<String, ActivationRange> ranges, Map<Integer, float[]> biasShifts,
                           WeightRange weights) {
        this.plan = plan;
        this.ranges = ranges;
        this.biasShifts = biasShifts;
        this.weightLevel = weights.level();
        GraphProto g = plan.graph;
        for (NodeProto n : g.getNodeList()) {
            names.addAll(n.getInputList());
            names.addAll(n.getOutputList());
            names.add(n.getName());
        }
        for (TensorProto t : g.getInitializerList()) names.add(t.getName());
        for (ValueInfoProto v : g.getInputList()) names.add(v.getName());
    }

    /**
     * @param biasShifts what to add to the float bias of a Conv or Gemm before it is quantized (bias correction), by
     *                   node; a Conv without a bias gets one
     * @param weights    the levels the int8 weights use
     */
    static ModelProto write(QuantizationPlan plan, Map<String, ActivationRange> ranges, Map<Integer, float[]> biasShifts,
                            WeightRange weights) throws OnnxModelException {
        return new QdqGraphWriter(plan, ranges, biasShifts, weights).rewrite();
    }

    private ModelProto rewrite() throws OnnxModelException {
        GraphProto g = plan.graph;
        Set<Integer> folded = plan.foldedNodes();
        // The float outputs of quantized nodes that are graph outputs are renamed: the graph output is then the
        // dequantized value, and the node's only reader is its quantize, which ONNX Runtime's fusion needs.
        Map<String, String> renamed = new HashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (QuantizationPlan.QuantizedTensor t : plan.tensors.values()) {
            String source = t.source();
            if (!t.folded() && plan.graphOutputs.contains(t.name()) && plan.producedByNode(t.name())) {
                source = unique(t.name() + "_float");
                renamed.put(t.name(), source);
            }
            sources.put(t.name(), source);
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (!plan.producedByNode(e.getValue()) && !renamed.containsValue(e.getValue())) quantize(e.getKey(), e.getValue());
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (folded.contains(i)) continue;
            NodeProto n = g.getNode(i);
            NodeProto.Builder b = n.toBuilder();
            Map<String, String> dequantized = new HashMap<>();
            for (int j = 0; j < n.getInputCount(); j++) {
                String in = n.getInput(j);
                if (plan.tensors.containsKey(in)) {
                    b.setInput(j, dequantized.computeIfAbsent(in, this::dequantize));
                }
            }
            QuantizationPlan.Kind kind = plan.quantizedNodes.get(i);
            if (kind != null && kind != QuantizationPlan.Kind.ADD) quantizeWeights(n, b, kind, biasShifts.get(i));
            for (int j = 0; j < n.getOutputCount(); j++) {
                String r = renamed.get(n.getOutput(j));
                if (r != null) b.setOutput(j, r);
            }
            nodes.add(b.build());
            for (String out : b.getOutputList()) {
                    for (Map.Entry<String, String> e : sources.entrySet()) {
                    if (e.getValue().equals(out)) quantize(e.getKey(), out);
                }
            }
        }
        GraphProto.Builder graph = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
        Set<String> read = new HashSet<>();
        for (NodeProto n : nodes) read.addAll(n.getInputList());
        for (TensorProto t : g.getInitializerList()) if (read.contains(t.getName())) graph.addInitializer(t);
        graph.addAllInitializer(added);
        // Old exports list their initializers as inputs too: the float weights that are gone leave that list.
        graph.clearInput();
        for (ValueInfoProto in : g.getInputList()) {
            if (!plan.initializers.containsKey(in.getName()) || read.contains(in.getName())) graph.addInput(in);
        }
        // Shapes inferred for the float graph stay true, but the tensors renamed or removed lose them.
        graph.clearValueInfo();
        return plan.model.toBuilder().setGraph(graph).build();
    }

    /** QuantizeLinear of {@code source} into the uint8 tensor of {@code name}; the graph output too where it is one. */
    private void quantize(String name, String source) {
        ActivationRange range = ranges.get(name);
        if (range == null) throw new IllegalStateException("no calibrated range for " + name);
        String scale = unique(name + "_scale");
        String zeroPoint = unique(name + "_zero_point");
        added.add(OnnxTensors.scalar(scale, range.scale()));
        added.add(OnnxTensors.uint8Tensor(zeroPoint, new long[0], new byte[] {(byte) range.zeroPoint()}));
        String q = unique(name + "_quantized");
        nodes.add(node("QuantizeLinear", List.of(source, scale, zeroPoint), q, null));
        quantizedOf.put(name, List.of(q, scale, zeroPoint));
        if (plan.graphOutputs.contains(name)) {
            nodes.add(node("DequantizeLinear", List.of(q, scale, zeroPoint), name, null));
        }
    }

    /** A DequantizeLinear of {@code name}'s uint8 tensor for one consumer; its output's name. */
    private String dequantize(String name) {
        List<String> q = quantizedOf.get(name);
        if (q == null) throw new IllegalStateException("quantized tensor " + name + " is read before it is made");
        String out = unique(name + "_dequantized");
        nodes.add(node("DequantizeLinear", q, out, null));
        return out;
    }

    private void quantizeWeights(NodeProto n, NodeProto.Builder b, QuantizationPlan.Kind kind, float[] shift)
            throws OnnxModelException {
        TensorProto w = plan.initializers.get(n.getInput(1));
        float[] values = OnnxTensors.floats(w);
        long[] dims = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
        // Per output channel: Conv's first axis, Gemm's N (first axis when B is transposed); MatMul per tensor,
        // as ONNX Runtime's int8 MatMul takes one weight step.
        int axis = kind == QuantizationPlan.Kind.CONV ? 0
                : kind == QuantizationPlan.Kind.GEMM ? (QuantizationPlan.intAttribute(n, "transB", 0) == 1 ? 0 : 1) : -1;
        int channels = axis < 0 ? 1 : (int) dims[axis];
        float[] scales = new float[channels];
        byte[] q = new byte[values.length];
        int inner = 1;
        for (int d = axis + 1; d < dims.length && axis >= 0; d++) inner *= (int) dims[d];
        for (int i = 0; i < values.length; i++) {
            int c = channelOf(i, axis, channels, inner);
            scales[c] = Math.max(scales[c], Math.abs(values[i]));
        }
        for (int c = 0; c < channels; c++) scales[c] = scales[c] > 0 ? scales[c] / weightLevel : 1f;
        for (int i = 0; i < values.length; i++) {
            int c = channelOf(i, axis, channels, inner);
            q[i] = (byte) Math.max(-weightLevel, Math.min(weightLevel, Math.rint(values[i] / scales[c])));
        }
        String base = unique(w.getName() + "_" + n.getOutput(0));
        long[] channelDims = axis < 0 ? new long[0] : new long[] {channels};
        added.add(OnnxTensors.int8Tensor(base + "_quantized", dims, q));
        added.add(OnnxTensors.floatTensor(base + "_scale", channelDims, scales));
        added.add(OnnxTensors.int8Tensor(base + "_zero_point", channelDims, new byte[channels]));
        String dq = unique(base + "_dequantized");
        nodes.add(node("DequantizeLinear", List.of(base + "_quantized", base + "_scale", base + "_zero_point"), dq,
                axis < 0 ? null : (long) axis));
        b.setInput(1, dq);
        boolean hasBias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        if (kind == QuantizationPlan.Kind.MATMUL || !hasBias && shift == null) return;
        if (kind == QuantizationPlan.Kind.GEMM && (QuantizationPlan.floatAttribute(n, "alpha", 1f) != 1f
                || QuantizationPlan.floatAttribute(n, "beta", 1f) != 1f)) {
            return;
        }
        TensorProto bias = hasBias ? plan.initializers.get(n.getInput(2)) : null;
        if (bias != null && (bias.getDimsCount() != 1 || bias.getDims(0) != channels)) return;
        float[] bv = bias != null ? OnnxTensors.floats(bias) : new float[channels];
        if (shift != null) for (int c = 0; c < channels; c++) bv[c] += shift[c];
        float inputScale = ranges.get(n.getInput(0)).scale();
        int[] bq = new int[channels];
        float[] bs = new float[channels];
        for (int c = 0; c < channels; c++) {
            bs[c] = inputScale * scales[c];
            bq[c] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, Math.rint(bv[c] / bs[c])));
        }
        String bb = unique((bias != null ? bias.getName() : n.getOutput(0) + "_bias") + "_" + n.getOutput(0));
        added.add(OnnxTensors.int32Tensor(bb + "_quantized", new long[] {channels}, bq));
        added.add(OnnxTensors.floatTensor(bb + "_scale", new long[] {channels}, bs));
        added.add(OnnxTensors.int32Tensor(bb + "_zero_point", new long[] {channels}, new int[channels]));
        String bdq = unique(bb + "_dequantized");
        nodes.add(node("DequantizeLinear", List.of(bb + "_quantized", bb + "_scale", bb + "_zero_point"), bdq, 0L));
        if (n.getInputCount() > 2) b.setInput(2, bdq);
        else b.addInput(bdq);
    }

    private static int channelOf(int flat, int axis, int channels, int inner) {
        return axis < 0 ? 0 : (flat / inner) % channels;
    }

    private NodeProto node(String op, List<String> inputs, String output, Long axis) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output)
                .setName(unique(output + "_" + op));
        if (axis != null) {
            b.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                    .setI(axis));
        }
        return b.build();
    }

    /** {@code wanted}, or it with a number after it where the graph has that name already. */
    private String unique(String wanted) {
        String name = wanted;
        for (int k = 1; names.contains(name); k++) name = wanted + "_" + k;
        names.add(name);
        return name;
    }
}
