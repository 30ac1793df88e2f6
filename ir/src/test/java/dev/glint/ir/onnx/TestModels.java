package dev.glint.ir.onnx;

import com.google.protobuf.ByteString;
import dev.glint.ir.onnx.proto.Onnx.AttributeProto;
import dev.glint.ir.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.glint.ir.onnx.proto.Onnx.GraphProto;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.OperatorSetIdProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.TensorShapeProto;
import dev.glint.ir.onnx.proto.Onnx.TypeProto;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small ONNX models with the generated protobuf builders, for importer tests. */
final class TestModels {
    private TestModels() {}

    /** A float input; each dim is an Integer (a size) or a String (a symbolic dim_param). */
    static ValueInfoProto input(String name, Object... dims) {
        return valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims);
    }

    static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof Integer i) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(i));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam((String) d));
            }
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    static ValueInfoProto output(String name) {
        return ValueInfoProto.newBuilder().setName(name).build();
    }

    static NodeProto node(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        return NodeProto.newBuilder().setOpType(op).setName("n_" + outputs.get(0)).addAllInput(inputs)
                .addAllOutput(outputs).addAllAttribute(List.of(attrs)).build();
    }

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static AttributeProto tensorAttr(String name, TensorProto t) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(t).build();
    }

    /** A float tensor stored in raw_data (little-endian). */
    static TensorProto floats(String name, long[] dims, float... values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bb.putFloat(v);
        }
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(boxed(dims)).setRawData(ByteString.copyFrom(bb.array())).build();
    }

    /** A 1-D int64 tensor stored in int64_data. */
    static TensorProto longs(String name, long... values) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            b.addInt64Data(v);
        }
        return b.build();
    }

    /** An integer tensor of ONNX type {@code dataType} (INT8, UINT8, INT32, ...) stored in int32_data. */
    static TensorProto integers(String name, int dataType, long[] dims, int... values) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(dataType).addAllDims(boxed(dims));
        for (int v : values) {
            b.addInt32Data(v);
        }
        return b.build();
    }

    /** A float scalar (rank 0). */
    static TensorProto scalar(String name, float value) {
        return floats(name, new long[0], value);
    }

    /** An integer scalar (rank 0) of ONNX type {@code dataType}. */
    static TensorProto scalar(String name, int dataType, int value) {
        return integers(name, dataType, new long[0], value);
    }

    /** The same node in another domain. */
    static NodeProto inDomain(String domain, NodeProto node) {
        return node.toBuilder().setDomain(domain).build();
    }

    /** The model with an additional opset import for {@code domain}. */
    static ModelProto withDomain(ModelProto model, String domain, int version) {
        return model.toBuilder().addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version))
                .build();
    }

    static List<Long> boxed(long[] dims) {
        List<Long> r = new ArrayList<>();
        for (long d : dims) {
            r.add(d);
        }
        return r;
    }

    /** A model importing the default domain at {@code opset}. */
    static byte[] model(int opset, List<NodeProto> nodes, List<ValueInfoProto> inputs, List<String> outputs,
            List<TensorProto> initializers) {
        return modelProto(opset, nodes, inputs, outputs, initializers).toByteArray();
    }

    static ModelProto modelProto(int opset, List<NodeProto> nodes, List<ValueInfoProto> inputs, List<String> outputs,
            List<TensorProto> initializers) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("test").addAllNode(nodes).addAllInput(inputs)
                .addAllInitializer(initializers);
        outputs.forEach(o -> g.addOutput(output(o)));
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g).build();
    }
}
