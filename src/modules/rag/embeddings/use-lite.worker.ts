/**
 * The Universal Sentence Encoder lite worker. Each worker_thread loads its own model on the TF.js WebAssembly (SIMD) backend.
 */

/** What UseLiteEmbedder passes to each worker: absolute paths, so the worker needs no module resolution of its own. */
export interface UseLiteWorkerData {
  corePath: string;
  embeddingsPath: string;
  modelPath: string;
  maxTokens: number;
}

/** Reported once per worker after load, warm-up and the self-check of the optimised path against the stock graph. */
export interface UseLiteWorkerInfo {
  loadMs: number;
  warmMs: number;
  /** False when the self-check failed and the worker runs the stock kernels and graph. */
  optimised: boolean;
  /** Largest absolute difference between the optimised and the stock output on the probe texts. */
  drift: number;
  simd: boolean;
  backend: string;
}

export interface UseLiteWorkerRequest {
  id: number;
  texts: string[];
}

export type UseLiteWorkerReply =
  | { type: 'ready'; info: UseLiteWorkerInfo }
  | { type: 'result'; id: number; vectors: Float32Array }
  | { type: 'error'; id: number; message: string };

// Plain JS run with `new Worker(src, { eval: true })`: a worker cannot load .ts under jest, and a string works unchanged from dist too.
export const USE_LITE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { corePath, embeddingsPath, modelPath, maxTokens } = workerData;

const tf = require(corePath);
// Optimised kernels and the pooled tail are switched off for the reference pass of the start-up self-check.
let optimised = true;
const sizeOf = (shape) => shape.reduce((a, b) => a * b, 1);

function replaceKernel(name, kernelFunc, applies) {
  const original = tf.getKernel(name, 'wasm');
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: (args) => (optimised && applies(args) ? kernelFunc(args, original.kernelFunc) : original.kernelFunc(args)),
  });
}

// Stock BatchMatMul reaches XNNPACK only for an untransposed batch of one; attention (batch x heads) fell to a scalar loop.
// Run each batch slice through the XNNPACK path on zero-copy views of the wasm heap.
function batchMatMul({ inputs, backend, attrs }, original) {
  let { a, b } = inputs;
  const batch = sizeOf(a.shape.slice(0, -2));
  const temps = [];
  const swapLast = (t) => {
    const perm = t.shape.map((_, i) => i);
    perm.push(perm.splice(-2, 1)[0]);
    const out = tf.getKernel('Transpose', 'wasm').kernelFunc({ inputs: { x: t }, backend, attrs: { perm } });
    temps.push(out);
    return out;
  };
  if (attrs.transposeA) a = swapLast(a);
  if (attrs.transposeB) b = swapLast(b);
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
  const offset = (t) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const [aAt, bAt, outAt] = [offset(a), offset(b), offset(out)];
  // A view shares another tensor's memory, so it is unregistered without freeing it.
  const release = (view) => {
    backend.wasm.tfjs.disposeData(backend.dataIdMap.get(view.dataId).id);
    backend.dataIdMap.delete(view.dataId);
  };
  for (let i = 0; i < batch; i++) {
    const ai = backend.makeOutput([1, m, k], 'float32', aAt + i * m * k * 4);
    const bi = backend.makeOutput([1, k, n], 'float32', bAt + i * k * n * 4);
    const oi = original({ inputs: { a: ai, b: bi }, backend, attrs: { transposeA: false, transposeB: false } });
    const from = offset(oi);
    backend.wasm.HEAPU8.copyWithin(outAt + i * m * n * 4, from, from + m * n * 4);
    backend.disposeData(oi.dataId);
    release(ai);
    release(bi);
  }
  for (const t of temps) backend.disposeData(t.dataId);
  return out;
}

// Stock Slice and SplitV copy the whole input out of the heap for every slice; copy only the rows needed.
function sliceInto(backend, x, begin, size) {
  const out = backend.makeOutput(size, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  const inner = size[rank - 1];
  const index = new Array(rank - 1).fill(0);
  for (let row = 0, rows = sizeOf(size.slice(0, -1)); row < rows; row++) {
    let at = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) at += (begin[d] + index[d]) * strides[d];
    dst.set(src.subarray(at, at + inner), row * inner);
    for (let d = rank - 2; d >= 0 && ++index[d] === size[d]; d--) index[d] = 0;
  }
  return out;
}

// Stock GatherV2 walks element by element; the embedding lookup is a row copy.
function gatherRows({ inputs: { x, indices }, backend }) {
  const rowSize = sizeOf(x.shape.slice(1));
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(indices);
  const dst = backend.typedArrayFromHeap(out);
  for (let i = 0; i < ids.length; i++) {
    const row = ids[i];
    if (!(row >= 0 && row < x.shape[0])) throw new Error('GatherV2: index ' + row + ' is not in [0, ' + (x.shape[0] - 1) + ']');
    dst.set(src.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
  }
  return out;
}

function installKernels() {
  const numeric = (t) => (t.dtype === 'float32' || t.dtype === 'int32') && t.shape.length > 0 && sizeOf(t.shape) > 0;
  replaceKernel('BatchMatMul', batchMatMul, ({ inputs: { a, b }, attrs }) => {
    const batch = sizeOf(a.shape.slice(0, -2));
    const plain = batch === 1 && !attrs.transposeA && !attrs.transposeB;
    return !plain && batch === sizeOf(b.shape.slice(0, -2)) && a.dtype === 'float32' && b.dtype === 'float32';
  });
  replaceKernel(
    'Slice',
    ({ inputs: { x }, attrs, backend }) => sliceInto(backend, x, ...tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size)),
    ({ inputs: { x } }) => numeric(x),
  );
  replaceKernel(
    'SplitV',
    ({ inputs: { x }, attrs, backend }) => {
      const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
      const begin = new Array(x.shape.length).fill(0);
      return tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis).map((part) => {
        const size = x.shape.slice();
        size[axis] = part;
        const out = sliceInto(backend, x, begin.slice(), size);
        begin[axis] += part;
        return out;
      });
    },
    ({ inputs: { x } }) => numeric(x),
  );
  replaceKernel(
    'GatherV2',
    gatherRows,
    ({ inputs: { x, indices }, attrs }) =>
      numeric(x) && indices.dtype === 'int32' && !attrs.batchDims && tf.util.parseAxisParam(attrs.axis, x.shape)[0] === 0,
  );
}

// The package's Tokenizer.encode, minus its symbols.slice(i) at every position (quadratic in the text length).
function encodePieces(tokenizer, text) {
  const normalized = text.normalize('NFKC');
  const symbols = normalized.length > 0 ? Array.from('\u2581' + normalized.replace(/ /g, '\u2581')) : [];
  const n = symbols.length;
  const ends = Array.from({ length: n + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    let node = tokenizer.trie.root.children[symbols[i]];
    let found = false;
    for (let j = i; j < n && node; j++) {
      if (node.end) {
        ends[j + 1].push(j + 1 - i, node.word[1], node.word[2]);
        found = true;
      }
      node = node.children[symbols[j + 1]];
    }
    if (!found) ends[i + 1].push(1, 0, 0);
  }
  const best = new Array(n + 1).fill(0);
  const words = new Array(n + 1).fill(0);
  for (let end = 0; end <= n; end++) {
    const pieces = ends[end];
    for (let p = 0; p < pieces.length; p += 3) {
      const score = pieces[p + 1] + best[end - pieces[p]];
      if (best[end] === 0 || score >= best[end]) {
        best[end] = score;
        words[end] = pieces[p + 2];
      }
    }
  }
  const reversed = [];
  for (let at = n; at > 0; at -= tokenizer.vocabulary[words[at]][0].length) reversed.push(words[at]);
  const ids = [];
  let previousUnknown = false;
  for (const id of reversed) {
    if (!(previousUnknown && id === 0)) ids.push(id);
    previousUnknown = id === 0;
  }
  return ids.reverse();
}

// Every word yields at least one piece and no piece spans a space, so cutting after maxTokens words keeps the first maxTokens pieces.
function encode(tokenizer, text) {
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.length > maxTokens ? words.slice(0, maxTokens) : words;
  const ids = encodePieces(tokenizer, kept.length > 0 ? kept.join(' ') : ' ');
  return ids.length > maxTokens ? ids.slice(0, maxTokens) : ids;
}

function sparseInput(tokenizer, texts) {
  const encoded = texts.map((text) => encode(tokenizer, text));
  const total = encoded.reduce((sum, ids) => sum + ids.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let at = 0;
  encoded.forEach((ids, row) =>
    ids.forEach((id, col) => {
      indices[at * 2] = row;
      indices[at * 2 + 1] = col;
      values[at++] = id;
    }),
  );
  return { indices: tf.tensor2d(indices, [total, 2], 'int32'), values: tf.tensor1d(values, 'int32') };
}

const K = 'module_apply_default/Encoder_en/KonaTransformer/';
const LAYER = K + 'Encode/TransformerStack/Layer_1/TransformerLayer/';

// The output is a masked mean over positions of (x + relu(x W1 + b1) W2 + b2), then tanh and L2 norm. The mean is linear, so
// pooling the relu activations first replaces the last [tokens x 1536] x [1536 x 512] product with a [batch x 1536] one.
function pooledTail(graph) {
  const weight = (name) => graph.weights[name][0];
  const w2 = weight(LAYER + 'FFN/conv2/Tensordot/Reshape_1');
  const b2 = weight(K + 'Encode/Layer_1/TransformerLayer/FFN/conv2/bias/ConcatPartitions/concat');
  const wOut = weight('module/Encoder_en/hidden_layers/tanh_layer_0/weights');
  const bOut = weight('module/Encoder_en/hidden_layers/tanh_layer_0/bias');
  const outputs = [
    LAYER + 'FFN/conv1/Relu',
    LAYER + 'layer_postprocess/add',
    K + 'Encode/TransformerStack/MaskLength/Sum',
    K + 'ExpandDims_1',
    LAYER + 'FFN/StoreMask/ToInt32',
  ];
  return async (rows, input) => {
    const fetched = await graph.executeAsync(input, outputs);
    const [relu, residual, maskLength, length, stored] = fetched;
    try {
      const positions = await stored.data();
      const lengths = await maskLength.data();
      const n = positions.length / 2;
      const width = residual.shape[1];
      const hidden = relu.shape[relu.shape.length - 1];
      const select = new Float32Array(n * rows);
      const counts = new Float32Array(rows);
      for (let i = 0; i < n; i++) {
        select[i * rows + positions[i * 2]] = 1;
        counts[positions[i * 2]]++;
      }
      const mask = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) mask.fill(1, r * width, r * width + Math.min(lengths[r], width));
      const out = tf.tidy(() => {
        // relu^T . select keeps relu off the weights side of XNNPACK, which would repack it.
        const summed = tf.transpose(tf.matMul(tf.transpose(tf.reshape(relu, [n, hidden])), tf.tensor2d(select, [n, rows])));
        const ffn = tf.add(tf.matMul(summed, w2), tf.mul(tf.tensor2d(counts, [rows, 1]), b2));
        const pooled = tf.div(tf.add(tf.sum(tf.mul(residual, tf.tensor3d(mask, [rows, width, 1])), 1), ffn), length);
        const h = tf.tanh(tf.add(tf.matMul(pooled, wOut), bOut));
        return tf.mul(h, tf.rsqrt(tf.maximum(tf.sum(tf.square(h), 1, true), 1e-12)));
      });
      const data = await out.data();
      out.dispose();
      return data;
    } finally {
      for (const t of fetched) t.dispose();
    }
  };
}

async function load() {
  const started = performance.now();
  installKernels();
  const { initModel } = require(embeddingsPath);
  const { modelSource } = require(modelPath);
  const model = await initModel(modelSource);
  let tail = null;
  try {
    tail = pooledTail(model.model);
  } catch {
    tail = null;
  }
  const embed = async (texts) => {
    const input = sparseInput(model.tokenizer, texts);
    try {
      if (optimised && tail) return await tail(texts.length, input);
      const out = await model.model.executeAsync(input);
      const data = await out.data();
      out.dispose();
      return data;
    } finally {
      input.indices.dispose();
      input.values.dispose();
    }
  };
  const loadMs = performance.now() - started;
  // Warm up and self-check: the optimised path must match the stock graph, or it stays off.
  const probe = ['How do I reset my password?', 'The quick brown fox jumps over the lazy dog. '.repeat(20), ''];
  optimised = false;
  const reference = await embed(probe);
  optimised = true;
  let fast = null;
  try {
    fast = await embed(probe);
  } catch {
    fast = null;
  }
  const drift = fast ? reference.reduce((max, v, i) => Math.max(max, Math.abs(v - fast[i])), 0) : Infinity;
  optimised = drift < 1e-4;
  await embed(probe);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { embed, info: { loadMs, warmMs: performance.now() - started - loadMs, optimised, drift, simd, backend: tf.getBackend() } };
}

load().then(
  ({ embed, info }) => {
    parentPort.on('message', async ({ id, texts }) => {
      try {
        const vectors = await embed(texts);
        parentPort.postMessage({ type: 'result', id, vectors }, [vectors.buffer]);
      } catch (error) {
        parentPort.postMessage({ type: 'error', id, message: String((error && error.message) || error) });
      }
    });
    parentPort.postMessage({ type: 'ready', info });
  },
  (error) => {
    // Rethrown outside the promise so the worker dies with an 'error' event carrying the cause.
    setImmediate(() => {
      throw error;
    });
  },
);
`;
