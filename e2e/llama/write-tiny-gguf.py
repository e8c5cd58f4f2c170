#!/usr/bin/env python3
"""Writes a tiny random-weight `qwen2` GGUF for the real llama-server tests.

The model is not trained: it exists to exercise llama-server's real loader,
tokenizer, chat template, sampler, streaming and tool-call parser. It copies
the vocabulary and merges from llama.cpp's models/ggml-vocab-qwen2.gguf and
the chat template from models/templates/Qwen-Qwen2.5-7B-Instruct.jinja, and
adds an output bias towards common word-like tokens and `<|im_end|>` so that
replies look like words and end on their own, greedy or sampled.

    PYTHONPATH=<llama.cpp>/gguf-py /usr/bin/python3 write-tiny-gguf.py \
        --llama-src <llama.cpp> --out-dir <dir>

The file is named after a hash of this script, written atomically, and
reused when it already exists. Prints the model's path on stdout.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path

try:
    import numpy as np
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("write-tiny-gguf: numpy is missing (Debian: apt-get install python3-numpy)")
try:
    import gguf
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("write-tiny-gguf: cannot import gguf; set PYTHONPATH to llama.cpp's gguf-py folder")

# Shape: 2 layers, 64 wide, 4 query heads of 16, 2 key/value heads (grouped-query attention).
N_EMBD = 64
N_LAYER = 2
N_HEAD = 4
N_HEAD_KV = 2
N_FF = 128
CONTEXT_LENGTH = 32768
ROPE_FREQ_BASE = 1_000_000.0
RMS_EPS = 1e-6
SEED = 20250601

# Token ids in Qwen2's vocabulary.
IM_END = 151645  # <|im_end|>: the end of a turn
ENDOFTEXT = 151643  # <|endoftext|>
WORD_RE = re.compile("\u0120[a-z]{2,12}")  # " word" in byte-level BPE spelling
COMMON_WORD_MAX_ID = 20_000  # BPE ids follow merge order, so low ids are the frequent pieces
PUNCTUATION = {11: 4.5, 13: 4.5}  # "," and "."
WHITESPACE_RE = re.compile("[\u0120\u010a\u0109\u010d]+")  # runs of space, newline, tab, CR
WHITESPACE_BIAS = -6.0  # keeps grammar-constrained JSON (tool calls) compact

# Output bias and spread. Word logits get noise of about OUTPUT_STD * 8 (the
# normed hidden state has length 8); `<|im_end|>` gets a wider spread so that
# greedy decoding ends on some states and sampling ends now and then.
WORD_BIAS_TOP = 6.0
WORD_BIAS_SLOPE = 1.5
OUTPUT_STD = 0.19
IM_END_BIAS = 6.5
IM_END_STD = 0.4


def script_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def string_array(reader: gguf.GGUFReader, key: str) -> list[bytes]:
    field = reader.fields[key]
    return [bytes(field.parts[i]) for i in field.data]


def int_array(reader: gguf.GGUFReader, key: str) -> list[int]:
    field = reader.fields[key]
    return [int(field.parts[i][0]) for i in field.data]


def output_bias(tokens: list[bytes]) -> np.ndarray:
    bias = np.zeros(len(tokens), dtype=np.float32)
    for i, tok in enumerate(tokens):
        text = tok.decode("utf-8", errors="replace")
        if i < COMMON_WORD_MAX_ID and WORD_RE.fullmatch(text):
            bias[i] = WORD_BIAS_TOP - WORD_BIAS_SLOPE * i / COMMON_WORD_MAX_ID
        elif WHITESPACE_RE.fullmatch(text):
            bias[i] = WHITESPACE_BIAS
    for i, b in PUNCTUATION.items():
        bias[i] = b
    bias[IM_END] = IM_END_BIAS
    return bias


def write_model(llama_src: Path, path: Path) -> None:
    vocab = gguf.GGUFReader(llama_src / "models" / "ggml-vocab-qwen2.gguf")
    tokens = string_array(vocab, "tokenizer.ggml.tokens")
    token_types = int_array(vocab, "tokenizer.ggml.token_type")
    merges = string_array(vocab, "tokenizer.ggml.merges")
    template = (llama_src / "models" / "templates" / "Qwen-Qwen2.5-7B-Instruct.jinja").read_text(encoding="utf-8")
    n_vocab = len(tokens)
    head_dim = N_EMBD // N_HEAD

    w = gguf.GGUFWriter(str(path), "qwen2")
    w.add_name("punie-tiny-qwen2")
    w.add_context_length(CONTEXT_LENGTH)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_rope_freq_base(ROPE_FREQ_BASE)
    w.add_layer_norm_rms_eps(RMS_EPS)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("qwen2")
    w.add_token_list(tokens)
    w.add_token_types(token_types)
    w.add_token_merges(merges)
    w.add_bos_token_id(ENDOFTEXT)
    w.add_eos_token_id(IM_END)
    w.add_pad_token_id(ENDOFTEXT)
    w.add_add_bos_token(False)
    w.add_chat_template(template)

    rng = np.random.default_rng(SEED)

    def normal(shape: tuple[int, ...], std: float, dtype: type = np.float32) -> np.ndarray:
        return rng.normal(0.0, std, size=shape).astype(dtype)

    ones = np.ones(N_EMBD, dtype=np.float32)
    w.add_tensor("token_embd.weight", normal((n_vocab, N_EMBD), 1.0, np.float16))
    for i in range(N_LAYER):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", ones)
        w.add_tensor(p + "attn_q.weight", normal((N_HEAD * head_dim, N_EMBD), 0.5))
        w.add_tensor(p + "attn_q.bias", normal((N_HEAD * head_dim,), 0.1))
        w.add_tensor(p + "attn_k.weight", normal((N_HEAD_KV * head_dim, N_EMBD), 0.5))
        w.add_tensor(p + "attn_k.bias", normal((N_HEAD_KV * head_dim,), 0.1))
        w.add_tensor(p + "attn_v.weight", normal((N_HEAD_KV * head_dim, N_EMBD), 0.5))
        w.add_tensor(p + "attn_v.bias", normal((N_HEAD_KV * head_dim,), 0.1))
        w.add_tensor(p + "attn_output.weight", normal((N_EMBD, N_EMBD), 0.5))
        w.add_tensor(p + "ffn_norm.weight", ones)
        w.add_tensor(p + "ffn_gate.weight", normal((N_FF, N_EMBD), 0.2))
        w.add_tensor(p + "ffn_up.weight", normal((N_FF, N_EMBD), 0.2))
        w.add_tensor(p + "ffn_down.weight", normal((N_EMBD, N_FF), 0.2))
    w.add_tensor("output_norm.weight", ones)
    out = normal((n_vocab, N_EMBD), OUTPUT_STD)
    out[IM_END] = normal((N_EMBD,), IM_END_STD)
    w.add_tensor("output.weight", out.astype(np.float16))
    w.add_tensor("output.bias", output_bias(tokens))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llama-src", required=True, type=Path, help="llama.cpp source tree (models/ is read)")
    parser.add_argument("--out-dir", required=True, type=Path, help="where the model is cached")
    args = parser.parse_args()

    path = args.out_dir / f"tiny-qwen2-{script_hash()}.gguf"
    if not path.is_file():
        args.out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=args.out_dir, prefix=".tiny-qwen2-", suffix=".tmp")
        os.close(fd)
        try:
            write_model(args.llama_src, Path(tmp))
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        # Models written by earlier versions of this script are stale: drop them.
        for stale in args.out_dir.glob("tiny-qwen2-*.gguf"):
            if stale != path:
                stale.unlink(missing_ok=True)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
