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
import org.actionrec.backbone.onnx.OnnxIr.OperatorSetIdProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorProto;
import org.actionrec.backbone.onnx.OnnxIr.ValueInfoProto;
import org.actionrec.backbone.onnx.OnnxModelException;
import org.actionrec.backbone.onnx.OnnxTensors;

/**
 * Which nodes of a float ONNX graph become int8 and which tensors get a quantize/dequantize pair, decided before
 * calibrating (the tensors to observe) and used again when rewriting. Conv, Gemm and MatMul with constant weights
 * and Add of two activations are quantized (what ONNX Runtime fuses into its int8 kernels); a ReLU, or a Clip from
 * 0, right after one of them is folded into the following quantization, whose uint8 range starts at 0. Every other
 * op stays float between a dequantize and a quantize.
 */
final class QuantizationPlan {
    enum Kind { CONV, GEMM, MATMUL, ADD }

    /** Ops that show the model is quantized already. */
    private static final Set<String> QUANTIZED_OPS = Set.of("QuantizeLinear", "DequantizeLinear", "QLinearConv",
            "QLinearMatMul", "ConvInteger", "MatMulInteger", "DynamicQuantizeLinear", "QLinearAdd");
    /** The opset whose QuantizeLinear/DequantizeLinear take a per-channel axis. */
    static final int MIN_OPSET = 13;

    /**
     * A tensor that is quantized: consumers read {@code name} through a dequantize; the quantize reads
     * {@code source}, which is {@code name} itself or, where a ReLU/Clip was folded in, that op's input.
     */
    record QuantizedTensor(String name, String source, int foldedNode, Float upperBound) {
        boolean folded() {
            return foldedNode >= 0;
        }
    }

    final ModelProto model;
    final GraphProto graph;
    final Map<String, TensorProto> initializers = new HashMap<>();
    final Map<Integer, Kind> quantizedNodes = new LinkedHashMap<>();
    /** By the name consumers read. */
    final Map<String, QuantizedTensor> tensors = new LinkedHashMap<>();
    final Set<String> graphOutputs = new HashSet<>();
    final String inputName;
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Map<String, Integer> producers = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();

    private QuantizationPlan(ModelProto model, String file) throws OnnxModelException {
        this.model = model;
        this.graph = model.getGraph();
        requireOpset(file);
        for (TensorProto t : graph.getInitializerList()) initializers.put(t.getName(), t);
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto n = graph.getNode(i);
            String where = "node " + i + " ('" + n.getName() + "', op " + n.getOpType() + ")";
            if (QUANTIZED_OPS.contains(n.getOpType())) {
                throw new OnnxModelException(file + " is quantized already: " + where + " is " + n.getOpType());
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0 || a.getType() == AttributeProto.AttributeType.GRAPH
                        || a.getType() == AttributeProto.AttributeType.GRAPHS) {
                    throw new OnnxModelException(file + ": " + where + " holds a subgraph (attribute '" + a.getName()
                            + "'); control flow (If, Loop, Scan) is not supported by the quantizer");
                }
            }
            for (String in : n.getInputList()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            for (String out : n.getOutputList()) producers.put(out, i);
            if (n.getOpType().equals("Constant") && n.getAttributeCount() == 1 && n.getAttribute(0).hasT()) {
                constants.put(n.getOutput(0), n.getAttribute(0).getT());
            }
        }
        for (ValueInfoProto o : graph.getOutputList()) graphOutputs.add(o.getName());
        this.inputName = requireFloatInput(file);
        for (int i = 0; i < graph.getNodeCount(); i++) {
            Kind kind = kindOf(graph.getNode(i));
            if (kind != null) quantizedNodes.put(i, kind);
        }
        if (quantizedNodes.values().stream().allMatch(k -> k == Kind.ADD)) {
            throw new OnnxModelException(file + " has no Conv, Gemm or MatMul with constant float weights: nothing "
                    + "for int8 kernels to run");
        }
        for (int i : quantizedNodes.keySet()) addOutput(i);
        for (int i : quantizedNodes.keySet()) {
            NodeProto n = graph.getNode(i);
            if (quantizedNodes.get(i) == Kind.ADD) {
                addInput(n.getInput(0));
                addInput(n.getInput(1));
            } else {
                addInput(n.getInput(0));
            }
        }
    }

    static QuantizationPlan of(ModelProto model, String file) throws OnnxModelException {
        return new QuantizationPlan(model, file);
    }

    /** The tensors to observe on the calibration images, by the name consumers read. */
    List<String> calibrated() {
        return new ArrayList<>(tensors.keySet());
    }

    /** Tensors whose range starts at 0 (a ReLU or Clip from 0 folded in). */
    Set<String> nonNegative() {
        Set<String> s = new HashSet<>();
        for (QuantizedTensor t : tensors.values()) if (t.folded()) s.add(t.name());
        return s;
    }

    Map<String, Float> upperBounds() {
        Map<String, Float> m = new HashMap<>();
        for (QuantizedTensor t : tensors.values()) if (t.upperBound() != null) m.put(t.name(), t.upperBound());
        return m;
    }

    /**
     * The Conv and Gemm nodes whose bias is corrected after quantizing (by node, their output's name): those with a
     * bias to correct (a Conv may lack one: it gets one) and an output that is not a graph output.
     */
    Map<Integer, String> biasCorrected() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (Map.Entry<Integer, Kind> e : quantizedNodes.entrySet()) {
            NodeProto n = graph.getNode(e.getKey());
            boolean hasBias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
            boolean correctable = e.getValue() == Kind.CONV || e.getValue() == Kind.GEMM && hasBias
                    && initializers.get(n.getInput(2)).getDimsCount() == 1
                    && floatAttribute(n, "alpha", 1f) == 1f && floatAttribute(n, "beta", 1f) == 1f;
            if (correctable && !graphOutputs.contains(n.getOutput(0))) m.put(e.getKey(), n.getOutput(0));
        }
        return m;
    }

    Set<Integer> foldedNodes() {
        Set<Integer> s = new HashSet<>();
        for (QuantizedTensor t : tensors.values()) if (t.folded()) s.add(t.foldedNode());
        return s;
    }

    List<Integer> consumersOf(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    boolean producedByNode(String tensor) {
        return producers.containsKey(tensor);
    }

    private void requireOpset(String file) throws OnnxModelException {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (o.getVersion() < MIN_OPSET) {
                    throw new OnnxModelException(file + " imports opset " + o.getVersion() + " (ModelProto.opset_import);"
                            + " per-channel int8 weights need QuantizeLinear of opset " + MIN_OPSET + " or later:"
                            + " export the model again with opset_version >= " + MIN_OPSET);
                }
                return;
            }
        }
        throw new OnnxModelException(file + " imports no default ONNX opset (ModelProto.opset_import)");
    }

    private String requireFloatInput(String file) throws OnnxModelException {
        String found = null;
        for (ValueInfoProto in : graph.getInputList()) {
            if (initializers.containsKey(in.getName())) continue;
            int type = in.getType().getTensorType().getElemType();
            if (type != TensorProto.DataType.FLOAT_VALUE) {
                throw new OnnxModelException(file + ": input '" + in.getName() + "' is of ONNX element type " + type
                        + " (ValueInfoProto.type), not float images");
            }
            if (found != null) {
                throw new OnnxModelException(file + " has more than one input ('" + found + "', '" + in.getName()
                        + "'); a backbone takes one batch of images");
            }
            found = in.getName();
        }
        if (found == null) throw new OnnxModelException(file + " has no input (GraphProto.input)");
        return found;
    }

    private Kind kindOf(NodeProto n) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) return null;
        switch (n.getOpType()) {
            case "Conv":
                return activation(n, 0) && weight(n, 1, 3) && optionalBias(n, 2) ? Kind.CONV : null;
            case "Gemm":
                return activation(n, 0) && weight(n, 1, 2) && intAttribute(n, "transA", 0) == 0 ? Kind.GEMM : null;
            case "MatMul":
                return activation(n, 0) && weight(n, 1, 2) ? Kind.MATMUL : null;
            case "Add":
                return n.getInputCount() == 2 && activation(n, 0) && activation(n, 1) ? Kind.ADD : null;
            default:
                return null;
        }
    }

    private boolean activation(NodeProto n, int input) {
        if (n.getInputCount() <= input) return false;
        String name = n.getInput(input);
        return !name.isEmpty() && !initializers.containsKey(name) && !constants.containsKey(name);
    }

    private boolean weight(NodeProto n, int input, int minRank) {
        if (n.getInputCount() <= input) return false;
        TensorProto w = initializers.get(n.getInput(input));
        return w != null && w.getDataType() == TensorProto.DataType.FLOAT_VALUE && w.getDimsCount() >= minRank
                && (minRank != 2 || w.getDimsCount() == 2);
    }

    private boolean optionalBias(NodeProto n, int input) {
        if (n.getInputCount() <= input || n.getInput(input).isEmpty()) return true;
        TensorProto b = initializers.get(n.getInput(input));
        return b != null && b.getDataType() == TensorProto.DataType.FLOAT_VALUE && b.getDimsCount() == 1;
    }

    static long intAttribute(NodeProto n, String name, long otherwise) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getI();
        return otherwise;
    }

    static float floatAttribute(NodeProto n, String name, float otherwise) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getF();
        return otherwise;
    }

    /** A quantized node's output, with the ReLU or Clip from 0 that alone reads it folded in. */
    private void addOutput(int node) throws OnnxModelException {
        String out = graph.getNode(node).getOutput(0);
        if (tensors.containsKey(out)) return;
        List<Integer> readers = consumersOf(out);
        if (readers.size() == 1 && !graphOutputs.contains(out) && !quantizedNodes.containsKey(readers.get(0))) {
            int r = readers.get(0);
            NodeProto reader = graph.getNode(r);
            Float upper = foldableUpperBound(reader);
            if (upper != null) {
                String folded = reader.getOutput(0);
                tensors.put(folded, new QuantizedTensor(folded, out, r, upper.isInfinite() ? null : upper));
                return;
            }
        }
        tensors.put(out, new QuantizedTensor(out, out, -1, null));
    }

    private void addInput(String name) {
        if (!tensors.containsKey(name)) tensors.put(name, new QuantizedTensor(name, name, -1, null));
    }

    /** +inf for a ReLU, the upper bound of a Clip whose lower bound is 0, null for anything else. */
    private Float foldableUpperBound(NodeProto n) throws OnnxModelException {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) return null;
        if (n.getOpType().equals("Relu")) return Float.POSITIVE_INFINITY;
        if (!n.getOpType().equals("Clip")) return null;
        Float lo = n.getInputCount() > 1 ? constant(n.getInput(1)) : null;
        if (lo == null || lo != 0f) return null;
        if (n.getInputCount() < 3 || n.getInput(2).isEmpty()) return Float.POSITIVE_INFINITY;
        return constant(n.getInput(2));
    }

    private Float constant(String name) throws OnnxModelException {
        if (name.isEmpty()) return null;
        TensorProto t = initializers.containsKey(name) ? initializers.get(name) : constants.get(name);
        if (t == null || t.getDataType() != TensorProto.DataType.FLOAT_VALUE || OnnxTensors.elements(t) != 1) {
            return null;
        }
        return OnnxTensors.floats(t)[0];
    }
}
