//! Byte layout of formats 1 and 2 (`docs/lut-format.md`): header field offsets, section kinds and the field offsets
//! of every fixed-size record. The C# writer, validator and views share the same constants (`LutFormat`,
//! `LutRecordLayout`).
//!
//! Offsets inside a record are relative to the record start; `SIZE` is the record's element size. The two versions
//! differ only in the calibration curves (spec section 6): format 2 stores each curve's knots with their slopes
//! ([`sloped_knot`]) and a bucket index over them ([`bucket`], kind 10); format 1 an f32 grid ([`grid_value`],
//! kind 3) and plain knots ([`knot`]).

/// `"MEVLUT\0\0"`.
pub const MAGIC: &[u8; 8] = b"MEVLUT\0\0";
/// The `format_version` the C# writer writes: calibration curves are their knots with a bucket index.
pub const FORMAT_VERSION: u16 = 2;
/// The oldest `format_version` this reader accepts: calibration curves sampled on a uniform f32 grid.
pub const GRID_FORMAT_VERSION: u16 = 1;
/// Header size in bytes; the section directory starts right after it.
pub const HEADER_SIZE: usize = 128;
/// Every section starts at a multiple of this.
pub const SECTION_ALIGNMENT: u64 = 64;
/// Upper bound of `section_count`.
pub const MAX_SECTIONS: u32 = 1024;
/// Upper bound of a string's byte length.
pub const MAX_STRING_BYTES: u32 = 1024;
/// An absent `u32` reference.
pub const NONE: u32 = 0xFFFF_FFFF;

/// Header fields (absolute offsets).
pub mod header {
    /// `u8[8]` magic.
    pub const MAGIC: usize = 0;
    /// u64 XXH64 (seed 0) of bytes `[16, file_length)`.
    pub const CHECKSUM: usize = 8;
    /// u16 format_version.
    pub const FORMAT_VERSION: usize = 16;
    /// u16 header_size.
    pub const HEADER_SIZE: usize = 18;
    /// u16 table_kind (informative).
    pub const TABLE_KIND: usize = 20;
    /// u32 flags.
    pub const FLAGS: usize = 24;
    /// u32 section_count.
    pub const SECTION_COUNT: usize = 28;
    /// u64 file_length.
    pub const FILE_LENGTH: usize = 32;
    /// i64 created_at, unix epoch ms.
    pub const CREATED_AT: usize = 40;
    /// i64 window start, unix epoch ms, inclusive.
    pub const WINDOW_FROM: usize = 48;
    /// i64 window end, unix epoch ms, exclusive.
    pub const WINDOW_TO: usize = 56;
    /// u64 rows the statistics were computed from.
    pub const ROWS_USED: usize = 64;
    /// u32 string ref of the producing job.
    pub const PRODUCER_JOB: usize = 72;
    /// u32 string ref of the producer's git revision.
    pub const GIT_REVISION: usize = 76;
    /// u32 directory_offset (must be 128).
    pub const DIRECTORY_OFFSET: usize = 80;
}

/// Section kinds known to this reader; others are skipped. Kind 3 exists only in format 1, kind 10 only in format 2
/// (a file of the other version that has one skips it like an unknown kind).
pub mod kind {
    /// Sorted UTF-8 string table.
    pub const STRINGS: u32 = 1;
    /// Calibration segment records.
    pub const CALIBRATION_SEGMENTS: u32 = 2;
    /// f32 calibration grids, back to back (format 1 only).
    pub const CALIBRATION_GRID: u32 = 3;
    /// Calibration knots, back to back: f64 (x, y) in format 1, f64 (x, y, slope) in format 2.
    pub const CALIBRATION_KNOTS: u32 = 4;
    /// Bandit arm posteriors.
    pub const BANDIT_ARMS: u32 = 5;
    /// Latency quantiles per route x endpoint.
    pub const LATENCY_QUANTILES: u32 = 6;
    /// Phase offsets per leader.
    pub const PHASE_OFFSETS: u32 = 7;
    /// Hedge delay and SLO breach flags per route.
    pub const ROUTE_HEDGES: u32 = 8;
    /// Hash index over the string table.
    pub const KEY_INDEX: u32 = 9;
    /// Per-segment u32 bucket index into the segment's knots (format 2 only).
    pub const CALIBRATION_BUCKETS: u32 = 10;
    /// Highest kind this reader knows.
    pub const LAST_KNOWN: u32 = 10;
}

/// Section directory entry.
pub mod directory {
    /// Entry size.
    pub const SIZE: usize = 32;
    /// u32 kind.
    pub const KIND: usize = 0;
    /// u32 element_size.
    pub const ELEMENT_SIZE: usize = 4;
    /// u64 absolute offset.
    pub const OFFSET: usize = 8;
    /// u64 byte length.
    pub const LENGTH: usize = 16;
    /// u32 row_count.
    pub const ROW_COUNT: usize = 24;
}

/// String index entry (kind 1); `start` is relative to the section start.
pub mod string_index {
    /// Entry size.
    pub const SIZE: usize = 8;
    /// u32 start.
    pub const START: usize = 0;
    /// u32 byte length.
    pub const LENGTH: usize = 4;
}

/// Calibration segment (kind 2). Format 2 keeps every offset and stores the bucket index's start and count where
/// format 1 stored the grid's.
pub mod segment {
    /// Record size.
    pub const SIZE: usize = 64;
    /// u32 key (string ref).
    pub const KEY: usize = 0;
    /// u32 parent segment row or NONE.
    pub const PARENT: usize = 4;
    /// u64 rows the fit used.
    pub const SAMPLE_COUNT: usize = 8;
    /// f64 lowest score of the curve (format 2: the first knot's x).
    pub const X_MIN: usize = 16;
    /// f64 highest score of the curve (format 2: the last knot's x).
    pub const X_MAX: usize = 24;
    /// f64 `(G - 1) / (x_max - x_min)` (format 1) or `B / (x_max - x_min)` (format 2).
    pub const SCALE: usize = 32;
    /// u32 first grid value (format 1, index into kind 3).
    pub const GRID_START: usize = 40;
    /// u32 grid points G (format 1).
    pub const GRID_COUNT: usize = 44;
    /// u32 first bucket (format 2, index into kind 10).
    pub const BUCKET_START: usize = GRID_START;
    /// u32 buckets B (format 2).
    pub const BUCKET_COUNT: usize = GRID_COUNT;
    /// u32 first knot (index into kind 4).
    pub const KNOT_START: usize = 48;
    /// u32 knot count.
    pub const KNOT_COUNT: usize = 52;
}

/// Calibration grid value (kind 3, format 1): one f32.
pub mod grid_value {
    /// Element size.
    pub const SIZE: usize = 4;
}

/// Calibration knot of format 1 (kind 4).
pub mod knot {
    /// Element size.
    pub const SIZE: usize = 16;
    /// f64 score.
    pub const X: usize = 0;
    /// f64 value.
    pub const Y: usize = 8;
}

/// Calibration knot of format 2 (kind 4): the format-1 knot followed by the slope to the next knot.
pub mod sloped_knot {
    /// Element size.
    pub const SIZE: usize = 24;
    /// f64 score.
    pub const X: usize = 0;
    /// f64 value.
    pub const Y: usize = 8;
    /// f64 `(y_{k+1} - y_k) / (x_{k+1} - x_k)`; 0 at the segment's last knot and for a zero-width interval.
    pub const SLOPE: usize = 16;
}

/// Bucket index entry (kind 10, format 2): u32, a knot of the segment (relative to its `knot_start`).
pub mod bucket {
    /// Element size.
    pub const SIZE: usize = 4;
}

/// Bandit arm (kind 5).
pub mod arm {
    /// Record size.
    pub const SIZE: usize = 80;
    /// u32 route (string ref).
    pub const ROUTE: usize = 0;
    /// u32 arm index.
    pub const ARM_INDEX: usize = 4;
    /// u32 leader group (string ref) or NONE.
    pub const LEADER_GROUP: usize = 8;
    /// f64 Beta alpha.
    pub const ALPHA: usize = 16;
    /// f64 Beta beta.
    pub const BETA: usize = 24;
    /// f64 decayed pulls.
    pub const DECAYED_PULLS: usize = 32;
    /// f64 decayed lands.
    pub const DECAYED_LANDS: usize = 40;
    /// f64 payoff mean, lamports.
    pub const PAYOFF_MEAN: usize = 48;
    /// f64 payoff variance, lamports^2.
    pub const PAYOFF_VARIANCE: usize = 56;
    /// u64 tip, lamports.
    pub const TIP_LAMPORTS: usize = 64;
    /// i64 last update, unix epoch ms.
    pub const LAST_UPDATED: usize = 72;
}

/// Latency quantiles (kind 6).
pub mod latency {
    /// Record size.
    pub const SIZE: usize = 64;
    /// u32 route (string ref).
    pub const ROUTE: usize = 0;
    /// u32 endpoint (string ref).
    pub const ENDPOINT: usize = 4;
    /// u64 observations.
    pub const COUNT: usize = 8;
    /// f64 error rate in [0, 1].
    pub const ERROR_RATE: usize = 16;
    /// f64 p50, ms.
    pub const P50: usize = 24;
    /// f64 p90, ms.
    pub const P90: usize = 32;
    /// f64 p99, ms.
    pub const P99: usize = 40;
    /// f64 p99.9, ms.
    pub const P999: usize = 48;
}

/// Phase offset (kind 7).
pub mod phase {
    /// Record size.
    pub const SIZE: usize = 64;
    /// u32 leader (string ref).
    pub const LEADER: usize = 0;
    /// u64 observations.
    pub const SAMPLE_COUNT: usize = 8;
    /// f64 optimal offset from slot start, ms.
    pub const OPTIMAL_OFFSET: usize = 16;
    /// f64 spread, ms.
    pub const SPREAD: usize = 24;
    /// f64 Kalman initial state, ms.
    pub const KALMAN_STATE: usize = 32;
    /// f64 Kalman initial variance, ms^2.
    pub const KALMAN_VARIANCE: usize = 40;
    /// f64 process noise, ms^2 per slot.
    pub const PROCESS_NOISE: usize = 48;
    /// f64 measurement noise, ms^2.
    pub const MEASUREMENT_NOISE: usize = 56;
}

/// Route hedge (kind 8).
pub mod route_hedge {
    /// Record size.
    pub const SIZE: usize = 32;
    /// u32 route (string ref).
    pub const ROUTE: usize = 0;
    /// u32 SLO breach bits (1 p50, 2 p90, 4 p99, 8 p99.9, 16 error rate).
    pub const SLO_BREACHES: usize = 4;
    /// f64 suggested hedge delay, ms.
    pub const HEDGE_DELAY: usize = 8;
    /// f64 expected hedge fire rate in [0, 1].
    pub const HEDGE_FIRE_RATE: usize = 16;
    /// u64 latency samples.
    pub const COUNT: usize = 24;
}

/// Key index slot (kind 9).
pub mod key_slot {
    /// Slot size.
    pub const SIZE: usize = 8;
    /// u32 string id, NONE for an empty slot.
    pub const STRING_ID: usize = 0;
    /// u32 the key's own calibration resolution (segment row) or NONE.
    pub const CURVE: usize = 4;
}

/// Element size of a known kind in format 1, `None` for kinds format 1 does not have.
#[deprecated(since = "1.2.0", note = "format 1 sizes only; use `section_element_size(version, kind)`")]
pub fn element_size(k: u32) -> Option<usize> {
    section_element_size(GRID_FORMAT_VERSION, k)
}

/// Element size of kind `k` in a file of format `version` (spec section 4), `None` for a kind that version does
/// not have (kind 3 in format 2, kind 10 in format 1, unknown kinds): readers skip those.
pub fn section_element_size(version: u16, k: u32) -> Option<usize> {
    let grid = version == GRID_FORMAT_VERSION;
    match k {
        kind::STRINGS => Some(string_index::SIZE),
        kind::CALIBRATION_SEGMENTS => Some(segment::SIZE),
        kind::CALIBRATION_GRID if grid => Some(grid_value::SIZE),
        kind::CALIBRATION_KNOTS => Some(if grid { knot::SIZE } else { sloped_knot::SIZE }),
        kind::CALIBRATION_BUCKETS if !grid => Some(bucket::SIZE),
        kind::BANDIT_ARMS => Some(arm::SIZE),
        kind::LATENCY_QUANTILES => Some(latency::SIZE),
        kind::PHASE_OFFSETS => Some(phase::SIZE),
        kind::ROUTE_HEDGES => Some(route_hedge::SIZE),
        kind::KEY_INDEX => Some(key_slot::SIZE),
        _ => None,
    }
}

/// The key index hash (spec section 11): `h = len`, then per 8-byte chunk `w` (little-endian, the last one
/// zero-padded) `h = (h ^ w) * 0x9E3779B97F4A7C15` (wrapping). A key's home slot is the top `log2(slots)` bits.
#[inline]
pub fn key_hash(key: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = key.len();
    let mut h = n as u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ u64::from_le_bytes(c.try_into().unwrap())).wrapping_mul(K);
    }
    let r = chunks.remainder().len();
    if r == 0 {
        return h;
    }
    // The zero-padded tail without a copy: overlapping reads shifted into place (same value as padding).
    let w = if n >= 8 {
        u64::from_le_bytes(key[n - 8..].try_into().unwrap()) >> (8 * (8 - r))
    } else if n >= 4 {
        let lo = u32::from_le_bytes(key[..4].try_into().unwrap()) as u64;
        let hi = u32::from_le_bytes(key[n - 4..].try_into().unwrap()) as u64 >> (8 * (8 - n));
        lo | hi << 32
    } else {
        key.iter().rev().fold(0u64, |w, &b| w << 8 | b as u64)
    };
    (h ^ w).wrapping_mul(K)
}
