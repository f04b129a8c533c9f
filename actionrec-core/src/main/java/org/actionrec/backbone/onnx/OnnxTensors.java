package org.actionrec.backbone.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.actionrec.backbone.onnx.OnnxIr.TensorProto;

/** Tensors of an ONNX graph as Java arrays and back (raw data is little-endian, as the specification says). */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /** The values of a float tensor, from {@code raw_data} or {@code float_data}. */
    public static float[] floats(TensorProto t) throws OnnxModelException {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxModelException("tensor '" + t.getName() + "' keeps its data outside the file "
                    + "(TensorProto.external_data), which is not supported: save the model with its weights inside");
        }
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxModelException("tensor '" + t.getName() + "' is of ONNX data type " + t.getDataType()
                    + " (TensorProto.data_type), not float (1)");
        }
        long count = elements(t);
        if (t.hasRawData()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != count * Float.BYTES) {
                throw new OnnxModelException("tensor '" + t.getName() + "' has " + raw.remaining() + " bytes of "
                        + "raw_data for " + count + " floats (dims " + t.getDimsList() + "): the file is damaged");
            }
            float[] values = new float[(int) count];
            raw.asFloatBuffer().get(values);
            return values;
        }
        if (t.getFloatDataCount() != count) {
            throw new OnnxModelException("tensor '" + t.getName() + "' has " + t.getFloatDataCount() + " values in "
                    + "float_data for dims " + t.getDimsList() + ": the file is damaged");
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) values[i] = t.getFloatData(i);
        return values;
    }

    /** Elements the dims promise. */
    public static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) n *= d;
        return n;
    }

    public static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return tensor(name, dims, TensorProto.DataType.FLOAT, b.array());
    }

    public static TensorProto int8Tensor(String name, long[] dims, byte[] values) {
        return tensor(name, dims, TensorProto.DataType.INT8, values);
    }

    public static TensorProto uint8Tensor(String name, long[] dims, byte[] values) {
        return tensor(name, dims, TensorProto.DataType.UINT8, values);
    }

    public static TensorProto int32Tensor(String name, long[] dims, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return tensor(name, dims, TensorProto.DataType.INT32, b.array());
    }

    /** A scalar (dims []) float. */
    public static TensorProto scalar(String name, float value) {
        return floatTensor(name, new long[0], new float[] {value});
    }

    private static TensorProto tensor(String name, long[] dims, TensorProto.DataType type, byte[] raw) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw));
        Arrays.stream(dims).forEach(b::addDims);
        return b.build();
    }
}
