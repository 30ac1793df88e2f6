#!/usr/bin/env python3
"""Trains the small digits CNN that ships with Glint and exports it to ONNX.

Data: scikit-learn's copy of the UCI "Optical Recognition of Handwritten Digits" test set (1,797 images of
8x8 pixels with values 0..16). The network is trained with NumPy alone (no deep-learning framework) so that
the script stays short and reproducible; the ONNX file is written with the `onnx` package's helper API and
uses only opset-13 operations that Glint imports (Conv, Relu, MaxPool, Flatten, Gemm).

Run from anywhere:  python3 examples/digits/train.py
Needs: numpy, scikit-learn (for the data set only), onnx.
Writes next to this script:
  digits-cnn.onnx                  input "image" f32[1,1,8,8] (pixels / 16) -> output "logits" f32[1,10]
  digits-test-images.npy           float32 [N,1,8,8], the held-out test set (never seen in training)
  digits-test-labels.npy           int64 [N]
  digits-calibration-images.npy    float32 [200,1,8,8], drawn from the training split, for quantization
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_digits

SEED = 20240611
TEST_FRACTION = 0.2
CALIBRATION_SAMPLES = 200
EPOCHS = 40
BATCH = 32
LEARNING_RATE = 3e-3
C1, C2, CLASSES = 16, 32, 10  # channels of the two convolutions, number of classes

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- layers: forward returns (output, cache); backward returns input gradient (and fills grads) ----

def im2col(x, k=3, pad=1):
    """[n,c,h,w] -> [n*h*w, c*k*k] for a stride-1 'same' convolution."""
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((n, c, k, k, h, w), dtype=x.dtype)
    for i in range(k):
        for j in range(k):
            cols[:, :, i, j] = xp[:, :, i:i + h, j:j + w]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * h * w, c * k * k)


def col2im(dcols, shape, k=3, pad=1):
    """The adjoint of im2col: scatters column gradients back onto the input."""
    n, c, h, w = shape
    d = dcols.reshape(n, h, w, c, k, k).transpose(0, 3, 4, 5, 1, 2)
    dxp = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=dcols.dtype)
    for i in range(k):
        for j in range(k):
            dxp[:, :, i:i + h, j:j + w] += d[:, :, i, j]
    return dxp[:, :, pad:pad + h, pad:pad + w]


def conv_forward(x, w, b):
    n, _, h, wd = x.shape
    f = w.shape[0]
    cols = im2col(x)
    out = cols @ w.reshape(f, -1).T + b
    return out.reshape(n, h, wd, f).transpose(0, 3, 1, 2), (x.shape, cols)


def conv_backward(dout, w, cache):
    shape, cols = cache
    f = w.shape[0]
    dm = dout.transpose(0, 2, 3, 1).reshape(-1, f)
    dw = (dm.T @ cols).reshape(w.shape)
    db = dm.sum(axis=0)
    dx = col2im(dm @ w.reshape(f, -1), shape)
    return dx, dw, db


def maxpool_forward(x):
    """2x2 window, stride 2 (the spatial sizes here are even)."""
    n, c, h, w = x.shape
    windows = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    arg = windows.argmax(axis=-1)
    return windows.max(axis=-1), (x.shape, arg)


def maxpool_backward(dout, cache):
    (n, c, h, w), arg = cache
    dwin = np.zeros(dout.shape + (4,), dtype=dout.dtype)
    np.put_along_axis(dwin, arg[..., None], dout[..., None], axis=-1)
    return dwin.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h, w)


def forward(p, x):
    a1, c1 = conv_forward(x, p["w1"], p["b1"])
    r1 = np.maximum(a1, 0)
    m1, pc1 = maxpool_forward(r1)
    a2, c2 = conv_forward(m1, p["w2"], p["b2"])
    r2 = np.maximum(a2, 0)
    m2, pc2 = maxpool_forward(r2)
    flat = m2.reshape(m2.shape[0], -1)  # same order as ONNX Flatten(axis=1) on NCHW
    logits = flat @ p["w3"].T + p["b3"]
    return logits, (a1, c1, pc1, a2, c2, pc2, m2.shape, flat)


def backward(p, dlogits, cache):
    a1, c1, pc1, a2, c2, pc2, m2_shape, flat = cache
    g = {"w3": dlogits.T @ flat, "b3": dlogits.sum(axis=0)}
    dm2 = (dlogits @ p["w3"]).reshape(m2_shape)
    dr2 = maxpool_backward(dm2, pc2) * (a2 > 0)
    dm1, g["w2"], g["b2"] = conv_backward(dr2, p["w2"], c2)
    dr1 = maxpool_backward(dm1, pc1) * (a1 > 0)
    _, g["w1"], g["b1"] = conv_backward(dr1, p["w1"], c1)
    return g


def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    prob = np.exp(z)
    prob /= prob.sum(axis=1, keepdims=True)
    n = logits.shape[0]
    loss = -np.log(prob[np.arange(n), labels] + 1e-12).mean()
    prob[np.arange(n), labels] -= 1
    return loss, prob / n


def init_params(rng):
    def he(shape, fan_in):
        return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)
    return {
        "w1": he((C1, 1, 3, 3), 9), "b1": np.zeros(C1, np.float32),
        "w2": he((C2, C1, 3, 3), C1 * 9), "b2": np.zeros(C2, np.float32),
        "w3": he((CLASSES, C2 * 2 * 2), C2 * 4), "b3": np.zeros(CLASSES, np.float32),
    }


def train(x, y, rng):
    p = init_params(rng)
    # Adam (Kingma & Ba, 2015) with the paper's default betas.
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(val) for k, val in p.items()}
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    for epoch in range(EPOCHS):
        order = rng.permutation(len(x))
        total = 0.0
        for start in range(0, len(x), BATCH):
            idx = order[start:start + BATCH]
            logits, cache = forward(p, x[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            total += loss * len(idx)
            grads = backward(p, dlogits, cache)
            step += 1
            for k in p:
                m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
                v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
                mhat = m[k] / (1 - beta1 ** step)
                vhat = v[k] / (1 - beta2 ** step)
                p[k] = (p[k] - LEARNING_RATE * mhat / (np.sqrt(vhat) + eps)).astype(np.float32)
        if epoch % 10 == 9 or epoch == EPOCHS - 1:
            print(f"epoch {epoch + 1:3d}  loss {total / len(x):.4f}")
    return p


def accuracy(p, x, y):
    logits, _ = forward(p, x)
    return float((logits.argmax(axis=1) == y).mean())


def export_onnx(p, path):
    init = [numpy_helper.from_array(p[k], name=k) for k in ("w1", "b1", "w2", "b2", "w3", "b3")]
    conv = dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1])
    pool = dict(kernel_shape=[2, 2], strides=[2, 2])
    nodes = [
        helper.make_node("Conv", ["image", "w1", "b1"], ["conv1"], name="conv1", **conv),
        helper.make_node("Relu", ["conv1"], ["relu1"], name="relu1"),
        helper.make_node("MaxPool", ["relu1"], ["pool1"], name="pool1", **pool),
        helper.make_node("Conv", ["pool1", "w2", "b2"], ["conv2"], name="conv2", **conv),
        helper.make_node("Relu", ["conv2"], ["relu2"], name="relu2"),
        helper.make_node("MaxPool", ["relu2"], ["pool2"], name="pool2", **pool),
        helper.make_node("Flatten", ["pool2"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "w3", "b3"], ["logits"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "digits-cnn",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, CLASSES])],
        initializer=init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="glint examples/digits/train.py")
    model.ir_version = 7  # the IR version that goes with opset 13
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
    return model


def check_export(model, p, x):
    """Runs the exported file with ONNX's own reference evaluator and compares with the NumPy network."""
    from onnx.reference import ReferenceEvaluator
    session = ReferenceEvaluator(model)
    worst = 0.0
    for sample in x[:50]:
        got = session.run(None, {"image": sample[None]})[0]
        want, _ = forward(p, sample[None])
        worst = max(worst, float(np.abs(got - want).max()))
    print(f"ONNX reference evaluator vs NumPy, 50 samples: max |difference| = {worst:.2e}")
    if worst > 1e-4:
        raise SystemExit("exported model disagrees with the trained network")


def main():
    rng = np.random.default_rng(SEED)
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]  # [1797,1,8,8] in [0,1]
    labels = digits.target.astype(np.int64)
    order = rng.permutation(len(images))
    n_test = int(round(len(images) * TEST_FRACTION))
    test, train_idx = order[:n_test], order[n_test:]
    params = train(images[train_idx], labels[train_idx], rng)
    train_acc = accuracy(params, images[train_idx], labels[train_idx])
    test_acc = accuracy(params, images[test], labels[test])
    correct = int(round(test_acc * n_test))
    print(f"train accuracy {train_acc:.4f}; test accuracy {test_acc:.4f} ({correct}/{n_test})")

    model = export_onnx(params, os.path.join(HERE, "digits-cnn.onnx"))
    check_export(model, params, images[test])
    np.save(os.path.join(HERE, "digits-test-images.npy"), images[test])
    np.save(os.path.join(HERE, "digits-test-labels.npy"), labels[test])
    calibration = rng.choice(train_idx, size=CALIBRATION_SAMPLES, replace=False)
    np.save(os.path.join(HERE, "digits-calibration-images.npy"), images[calibration])


if __name__ == "__main__":
    main()
