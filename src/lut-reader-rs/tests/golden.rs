//! The reference reader against tests/golden/lut: every case in cases.txt, plus mutated and truncated files, for
//! both format versions (2: calibration.lut, unknown_section.lut; 1: calibration_v1.lut, legacy_noindex.lut).

use mev_lut::{kind, ErrorKind, Lut, SectionInfo};
use std::collections::HashMap;
use std::path::PathBuf;

/// Every golden file; the v2 and v1 calibration tables are the ones whose curves differ by version.
const FILES: [&str; 6] =
    ["calibration.lut", "bandit.lut", "ops.lut", "unknown_section.lut", "legacy_noindex.lut", "calibration_v1.lut"];

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/lut")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(golden_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn num(s: &str) -> f64 {
    match s {
        "nan" => f64::NAN,
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        _ => s.parse().unwrap_or_else(|_| panic!("bad number {s}")),
    }
}

fn opt(s: &str) -> Option<&str> {
    if s == "-" { None } else { Some(s) }
}

#[test]
fn every_golden_case_holds() {
    let text = std::fs::read_to_string(golden_dir().join("cases.txt")).unwrap();
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t[0] == "key_hash" {
            assert_eq!(mev_lut::key_hash(t[2].as_bytes()).to_string(), t[3], "{line}");
            count += 1;
            continue;
        }
        let bytes = files.entry(t[1].to_string()).or_insert_with(|| read(t[1]));
        let lut = Lut::open(bytes).unwrap_or_else(|e| panic!("{}: {e}", t[1]));
        match t[0] {
            "header" => {
                let h = lut.header();
                let kinds: Vec<String> = lut.sections().map(|s| s.kind.to_string()).collect();
                assert_eq!(
                    (h.created_at_unix_ms.to_string(), h.window_from_unix_ms.to_string(), h.window_to_unix_ms.to_string(),
                     h.rows_used.to_string(), h.producer_job, h.git_revision, h.table_kind.to_string(), kinds.join(",")),
                    (t[2].into(), t[3].into(), t[4].into(), t[5].into(), t[6], t[7], t[8].into(), t[9].to_string()),
                    "{line}"
                );
            }
            "calibrate" => {
                let curve = lut.curve(t[2]).unwrap_or_else(|| panic!("no curve: {line}"));
                assert_eq!(curve.key(), t[5], "{line}");
                // Bit-equal: make_cases.py computes the spec's arithmetic (format 2: the knots' line; format 1: the
                // f32 grid's interpolation), and the lookup by key takes the same path as the resolved view.
                let got = curve.calibrate(num(t[3]));
                assert_eq!(got.to_bits(), num(t[4]).to_bits(), "{line}: got {got}");
                let by_key = lut.calibrate(t[2], num(t[3])).unwrap_or(f64::NAN);
                assert_eq!(by_key.to_bits(), got.to_bits(), "{line}: by key {by_key}");
            }
            "calibrate_none" => assert!(lut.calibrate(t[2], num(t[3])).is_none(), "{line}"),
            "arm" => {
                let a = lut.arm(t[2], t[3].parse().unwrap(), opt(t[4])).unwrap_or_else(|| panic!("no arm: {line}"));
                assert_eq!(
                    (a.alpha(), a.beta(), a.decayed_pulls(), a.decayed_lands(), a.payoff_mean(), a.payoff_variance()),
                    (num(t[5]), num(t[6]), num(t[7]), num(t[8]), num(t[9]), num(t[10])),
                    "{line}"
                );
                assert_eq!((a.tip_lamports(), a.last_updated_unix_ms(), a.leader_group),
                           (t[11].parse().unwrap(), t[12].parse().unwrap(), opt(t[13])), "{line}");
            }
            "arm_none" => assert!(lut.arm(t[2], t[3].parse().unwrap(), opt(t[4])).is_none(), "{line}"),
            "latency" => {
                let l = lut.latency(t[2], t[3]).unwrap_or_else(|| panic!("no row: {line}"));
                assert_eq!(
                    (l.count(), l.error_rate(), l.p50_ms(), l.p90_ms(), l.p99_ms(), l.p999_ms()),
                    (t[4].parse().unwrap(), num(t[5]), num(t[6]), num(t[7]), num(t[8]), num(t[9])),
                    "{line}"
                );
            }
            "latency_none" => assert!(lut.latency(t[2], t[3]).is_none(), "{line}"),
            "phase" => {
                let p = lut.phase(t[2]).unwrap_or_else(|| panic!("no row: {line}"));
                assert_eq!(p.leader, t[3], "{line}");
                assert_eq!(
                    (p.sample_count(), p.optimal_offset_ms(), p.spread_ms(), p.kalman_initial_state(),
                     p.kalman_initial_variance(), p.process_noise(), p.measurement_noise()),
                    (t[4].parse().unwrap(), num(t[5]), num(t[6]), num(t[7]), num(t[8]), num(t[9]), num(t[10])),
                    "{line}"
                );
            }
            "hedge" => {
                let h = lut.route_hedge(t[2]).unwrap_or_else(|| panic!("no row: {line}"));
                assert_eq!(
                    (h.slo_breaches(), h.hedge_delay_ms(), h.hedge_fire_rate(), h.count()),
                    (t[3].parse().unwrap(), num(t[4]), num(t[5]), t[6].parse().unwrap()),
                    "{line}"
                );
            }
            "hedge_none" => assert!(lut.route_hedge(t[2]).is_none(), "{line}"),
            op => panic!("unknown op {op}"),
        }
        count += 1;
    }
    assert!(count > 500, "only {count} cases");
    let cased: Vec<&str> = text.lines().filter(|l| l.starts_with("calibrate")).filter_map(|l| l.split(' ').nth(1)).collect();
    for name in ["calibration.lut", "unknown_section.lut", "calibration_v1.lut", "legacy_noindex.lut"] {
        assert!(cased.contains(&name), "no calibrate case for {name}");
    }
    assert!(Lut::open(&read("calibration.lut")).unwrap().has_key_index());
    assert!(!Lut::open(&read("legacy_noindex.lut")).unwrap().has_key_index(), "the legacy file reads by binary search");
}

fn section(lut: &Lut, k: u32) -> SectionInfo {
    lut.sections().find(|s| s.kind == k).unwrap_or_else(|| panic!("no section of kind {k}"))
}

/// The spec's format-2 lookup written without the index, from the stored knots: clipped, NaN reads the first
/// value, else `slope_j * (score - x_j) + y_j` with `j` the last knot at or below the score.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
fn oracle_v2(c: &mev_lut::Curve, score: f64) -> f64 {
    let n = c.knot_count();
    if !(score > c.knot(0).0) {
        return c.knot(0).1;
    }
    if score >= c.knot(n - 1).0 {
        return c.knot(n - 1).1;
    }
    let j = (0..n).rev().find(|&j| c.knot(j).0 <= score).unwrap();
    c.slope(j) * (score - c.knot(j).0) + c.knot(j).1
}

/// Scores at and next to every knot, at every midpoint, outside the range, and uniform over a widened range.
fn probe_scores(c: &mev_lut::Curve) -> Vec<f64> {
    let mut scores = vec![f64::NEG_INFINITY, -1e300, c.x_min() - 1.0, c.x_max() + 1.0, 1e300, f64::INFINITY, -0.0, 0.0];
    for i in 0..c.knot_count() {
        let x = c.knot(i).0;
        scores.extend([x, f64::from_bits(x.to_bits().wrapping_sub(1)), f64::from_bits(x.to_bits() + 1), -x]);
        if i + 1 < c.knot_count() {
            scores.push(x + (c.knot(i + 1).0 - x) / 2.0);
        }
    }
    let (lo, span) = (c.x_min(), c.x_max() - c.x_min());
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..5000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        scores.push(lo - 0.1 * span + 1.2 * span * (state >> 11) as f64 / (1u64 << 53) as f64);
    }
    scores.retain(|s| s.is_finite() || s.is_infinite());
    scores
}

/// Every format-2 curve of `lut` answers every probe score bit-equal to the oracle, and by key as by view.
fn assert_lookups_equal_the_knots(lut: &Lut, what: &str) {
    for i in 0..lut.segment_count() {
        let c = lut.segment_at(i);
        if !c.has_curve() {
            assert!(c.calibrate(0.5).is_nan(), "{what}: fallback-only segment {i} answered");
            continue;
        }
        for s in probe_scores(&c) {
            let (got, want) = (c.calibrate(s), oracle_v2(&c, s));
            assert_eq!(got.to_bits(), want.to_bits(), "{what}: segment {} at {s:e}: {got} vs {want}", c.key());
        }
        assert_eq!(c.calibrate(f64::NAN).to_bits(), c.knot(0).1.to_bits(), "{what}: NaN reads the first value");
    }
}

#[test]
fn format_2_lookups_equal_the_knots_interpolation_and_the_stored_slopes_are_the_specs() {
    for name in ["calibration.lut", "unknown_section.lut"] {
        let bytes = read(name);
        let lut = Lut::open(&bytes).unwrap();
        assert_eq!((lut.format_version(), lut.header().format_version), (2, 2), "{name}");
        assert_lookups_equal_the_knots(&lut, name);
        for i in 0..lut.segment_count() {
            let c = lut.segment_at(i);
            assert_eq!((c.format_version(), c.grid_count()), (2, 0), "{name}: format 2 has no grid");
            assert_eq!(c.has_curve(), c.bucket_count() > 0, "{name}: {}", c.key());
            for j in 0..c.knot_count() {
                let ((x0, y0), next) = (c.knot(j), (j + 1 < c.knot_count()).then(|| c.knot(j + 1)));
                let slope = match next {
                    Some((x1, y1)) if x1 > x0 => (y1 - y0) / (x1 - x0),
                    _ => 0.0,
                };
                assert_eq!(c.slope(j).to_bits(), slope.to_bits(), "{name}: {} knot {j}", c.key());
            }
            if c.has_curve() {
                assert_eq!((c.x_min(), c.x_max()), (c.knot(0).0, c.knot(c.knot_count() - 1).0));
                assert_eq!(c.scale(), c.bucket_count() as f64 / (c.x_max() - c.x_min()));
                assert_eq!(c.bucket_knot(0), 0, "bucket 0 has no earlier bucket");
            }
        }
    }
}

#[test]
fn the_format_1_calibration_table_still_reads() {
    let bytes = read("calibration_v1.lut");
    let lut = Lut::open(&bytes).unwrap();
    assert_eq!((lut.format_version(), lut.header().format_version), (1, 1));
    assert!(lut.has_key_index());
    let kinds: Vec<u32> = lut.sections().map(|s| s.kind).collect();
    assert_eq!(kinds, [1, 2, 3, 4, 9], "format 1: the f32 grid (kind 3), no bucket index (kind 10)");
    let star = lut.curve("*").expect("the * curve");
    assert_eq!((star.format_version(), star.bucket_count()), (1, 0));
    assert!(star.grid_count() >= 2 && star.has_curve() && star.slope(0).is_nan());
    assert_eq!(star.knot_count(), 2, "16-byte knots");
    // Format 1 answers from the grid: at its own points the grid value, between them the line between two of them.
    let g = star.grid_count();
    for i in 0..g {
        let x = star.x_min() + (star.x_max() - star.x_min()) * i as f64 / (g - 1) as f64;
        assert_eq!(star.calibrate(x), star.grid_value(i) as f64, "grid point {i}");
    }
    assert_eq!(star.calibrate(f64::NAN), star.grid_value(0) as f64);
    assert_eq!(star.calibrate(f64::INFINITY), star.grid_value(g - 1) as f64);
    assert_eq!(lut.curve("jito/ny/extra").map(|c| c.key()), Some("*"), "a p_land key not in the table reads *");
    assert_eq!(lut.calibrate("jito/ny/extra", 0.3), lut.calibrate("*", 0.3));
    assert_eq!(lut.curve("ev:nosuch/9").map(|c| c.key()), Some("ev:*"), "an ev: key never reads *");
}


fn rechecksum(b: &mut [u8]) {
    let h = mev_lut::xxh64(&b[16..], 0);
    b[8..16].copy_from_slice(&h.to_le_bytes());
}

/// Opens and, if valid, exercises every lookup path; must never panic.
fn exercise(bytes: &[u8]) -> Result<(), ErrorKind> {
    let lut = Lut::open(bytes).map_err(|e| e.kind)?;
    let _ = lut.header();
    let _ = lut.sections().count();
    for i in 0..lut.segment_count() {
        let c = lut.segment_at(i);
        let (lo, hi) = (c.x_min(), c.x_max());
        for s in [-1.0, 0.0, 0.5, 1.0, 2.0, f64::NAN, f64::INFINITY, lo, hi, (lo + hi) / 2.0, lo + (hi - lo) * 0.999] {
            let _ = c.calibrate(s);
            let _ = lut.calibrate(c.key(), s);
        }
        let _ = (c.has_curve(), c.grid_count(), c.bucket_count());
        for k in 0..c.knot_count() {
            let _ = (c.knot(k), c.slope(k));
            let _ = c.calibrate(c.knot(k).0);
        }
        for b in 0..c.bucket_count() {
            let _ = c.bucket_knot(b);
        }
        for g in 0..c.grid_count() {
            let _ = c.grid_value(g);
        }
    }
    let _ = lut.calibrate("unknown", 0.5);
    for i in 0..lut.arm_count() {
        let a = lut.arm_at(i);
        let _ = lut.arm(a.route, a.arm_index(), a.leader_group);
    }
    for i in 0..lut.latency_count() {
        let l = lut.latency_at(i);
        let _ = lut.latency(l.route, l.endpoint);
    }
    for i in 0..lut.phase_count() {
        let _ = lut.phase(lut.phase_at(i).leader);
    }
    let _ = lut.phase("unknown");
    for i in 0..lut.route_hedge_count() {
        let _ = lut.route_hedge(lut.route_hedge_at(i).route);
    }
    for id in 0..lut.string_count() {
        let _ = lut.find_string(lut.string(id).as_bytes());
    }
    let _ = lut.calibrate("ev:route/1", 0.5);
    Ok(())
}

#[test]
fn truncated_and_extended_files_are_rejected() {
    for name in FILES {
        let bytes = read(name);
        for len in 0..bytes.len() {
            let kind = Lut::open(&bytes[..len]).err().unwrap_or_else(|| panic!("{name} truncated to {len} opened"));
            assert!(matches!(kind.kind, ErrorKind::Truncated | ErrorKind::LengthMismatch), "{name}[..{len}]: {kind}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Lut::open(&longer).unwrap_err().kind, ErrorKind::LengthMismatch);
    }
}

#[test]
fn every_single_byte_flip_is_rejected() {
    for name in ["calibration.lut", "calibration_v1.lut"] {
        let bytes = read(name);
        for at in 0..bytes.len() {
            let mut m = bytes.clone();
            m[at] ^= 0x5A;
            assert!(Lut::open(&m).is_err(), "{name}: flip at {at} accepted");
        }
    }
}

#[test]
fn mutated_files_with_fixed_checksums_never_panic() {
    // Fixing the checksum after each mutation lets the structural checks see the damage.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut accepted = 0;
    let mut rejected = 0;
    for name in FILES {
        let bytes = read(name);
        for _ in 0..3000 {
            let mut m = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = 16 + (next() as usize) % (m.len() - 16);
                m[at] = match next() % 3 {
                    0 => m[at] ^ (1 << (next() % 8)),
                    1 => 0xFF,
                    _ => next() as u8,
                };
            }
            rechecksum(&mut m);
            match exercise(&m) {
                Ok(()) => accepted += 1,
                Err(_) => rejected += 1,
            }
        }
    }
    assert!(rejected > 0 && accepted > 0, "accepted {accepted}, rejected {rejected}");
}

/// Mutations inside the calibration sections only (segments, knots, bucket index or grid), checksum fixed: a file
/// the validator accepts must never panic, and a format-2 file it accepts must still answer every score exactly as
/// the oracle does from its (possibly changed) knots: the rules checked at open are what makes the index exact.
#[test]
fn mutated_calibration_sections_are_rejected_or_still_exact() {
    let mut state: u64 = 0xD1B5_4A32_D192_ED03;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for name in ["calibration.lut", "calibration_v1.lut"] {
        let bytes = read(name);
        let lut = Lut::open(&bytes).unwrap();
        let ranges: Vec<(usize, usize)> = lut
            .sections()
            .filter(|s| [kind::CALIBRATION_SEGMENTS, kind::CALIBRATION_GRID, kind::CALIBRATION_KNOTS,
                         kind::CALIBRATION_BUCKETS].contains(&s.kind) && s.length > 0)
            .map(|s| (s.offset as usize, s.length as usize))
            .collect();
        let (mut accepted, mut rejected) = (0, 0);
        for round in 0..2000 {
            let mut m = bytes.clone();
            for _ in 0..1 + next() % 3 {
                let (offset, length) = ranges[next() as usize % ranges.len()];
                let at = offset + next() as usize % length;
                // Small changes to a whole field keep many mutated files valid: the interesting ones.
                m[at] = match next() % 4 {
                    0 => m[at] ^ (1 << (next() % 8)),
                    1 => m[at].wrapping_add(1),
                    2 => m[at].wrapping_sub(1),
                    _ => next() as u8,
                };
            }
            rechecksum(&mut m);
            match exercise(&m) {
                Ok(()) => {
                    accepted += 1;
                    let lut = Lut::open(&m).unwrap();
                    if lut.format_version() == 2 && round % 4 == 0 {
                        assert_lookups_equal_the_knots(&lut, &format!("{name} mutation {round}"));
                    }
                }
                Err(_) => rejected += 1,
            }
        }
        assert!(rejected > 0 && accepted > 0, "{name}: accepted {accepted}, rejected {rejected}");
    }
}

/// Writes `value` at `at` and fixes the checksum.
fn patched(bytes: &[u8], at: usize, value: &[u8]) -> Vec<u8> {
    let mut m = bytes.to_vec();
    m[at..at + value.len()].copy_from_slice(value);
    rechecksum(&mut m);
    m
}

fn open_error(bytes: &[u8]) -> mev_lut::LutError {
    Lut::open(bytes).expect_err("the file opened")
}

#[test]
fn format_2_curve_rules_have_the_right_kind() {
    let bytes = read("calibration.lut");
    let lut = Lut::open(&bytes).unwrap();
    let segments = section(&lut, kind::CALIBRATION_SEGMENTS).offset as usize;
    let knots = section(&lut, kind::CALIBRATION_KNOTS).offset as usize;
    let buckets = section(&lut, kind::CALIBRATION_BUCKETS).offset as usize;
    // The segment with the most knots and buckets ("clustered" or "steep": several knots share buckets).
    let c = (0..lut.segment_count()).map(|i| lut.segment_at(i)).max_by_key(|c| c.knot_count()).unwrap();
    let record = segments + 64 * c.index;
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let (first_bucket, bucket_count) = (u32_at(record + 40), u32_at(record + 44));
    let (first_knot, knot_count) = (u32_at(record + 48), u32_at(record + 52));
    assert!(knot_count >= 3 && bucket_count >= 2);
    let knot = |k: usize| knots + 24 * (first_knot + k);
    let bad = |m: Vec<u8>, needle: &str| {
        let e = open_error(&m);
        assert!(e.kind == ErrorKind::BadRecord && e.message.contains(needle), "{needle}: {e}");
    };

    // A bucket pointing one knot further than the last knot of an earlier bucket (past some of its scores).
    let b = bucket_count - 1;
    let entry = buckets + 4 * (first_bucket + b);
    bad(patched(&bytes, entry, &(u32_at(entry) as u32 + 1).to_le_bytes()), &format!("bucket {b}"));
    // Knots out of order, a NaN knot, an infinite one.
    bad(patched(&bytes, knot(1), &c.knot(knot_count - 1).0.to_le_bytes()), "knot 2");
    bad(patched(&bytes, knot(1), &f64::NAN.to_le_bytes()), "knot 1 x is NaN");
    bad(patched(&bytes, knot(knot_count - 1), &f64::INFINITY.to_le_bytes()), "is inf");
    // x_min / x_max not the knots' span; a scale one ulp off.
    bad(patched(&bytes, record + 16, &(c.x_min() - 0.5).to_le_bytes()), "span of its knots");
    bad(patched(&bytes, record + 24, &(c.x_max() + 0.5).to_le_bytes()), "span of its knots");
    bad(patched(&bytes, record + 32, &f64::from_bits(c.scale().to_bits() + 1).to_le_bytes()), "scale");
    // One knot; knots without buckets; buckets without knots.
    bad(patched(&bytes, record + 52, &1u32.to_le_bytes()), "1 knots");
    bad(patched(&bytes, record + 44, &0u32.to_le_bytes()), "0 buckets");
    let fallback = (0..lut.segment_count()).find(|&i| !lut.segment_at(i).has_curve()).unwrap();
    bad(patched(&bytes, segments + 64 * fallback + 44, &1u32.to_le_bytes()), "no knots but 1 buckets");
    // A bucket run past the index.
    bad(patched(&bytes, record + 40, &(section(&lut, kind::CALIBRATION_BUCKETS).row_count).to_le_bytes()),
        "bucket index");

    // The slopes are values: like grid values in format 1, a reader returns them as stored (the writer and the
    // publisher's fitted-curves gate guarantee them). A changed slope opens and is used as stored.
    let m = patched(&bytes, knot(0) + 16, &0.25f64.to_le_bytes());
    let changed = Lut::open(&m).expect("slopes are not checked at open");
    assert_lookups_equal_the_knots(&changed, "changed slope");
}

#[test]
fn format_2_section_rules_have_the_right_kind() {
    let bytes = read("calibration.lut");
    let lut = Lut::open(&bytes).unwrap();
    let entry = |k: u32| 128 + 32 * lut.sections().position(|s| s.kind == k).unwrap();

    assert_eq!(open_error(&patched(&bytes, 16, &3u16.to_le_bytes())).kind, ErrorKind::UnsupportedVersion);
    assert_eq!(open_error(&patched(&bytes, 16, &0u16.to_le_bytes())).kind, ErrorKind::UnsupportedVersion);
    // Relabelled format 1: its 24-byte knots are not format 1's 16.
    assert_eq!(open_error(&patched(&bytes, 16, &1u16.to_le_bytes())).kind, ErrorKind::BadElementSize);
    // Kind 3 does not exist in format 2: a bucket index relabelled kind 3 is skipped, so kind 10 is missing.
    let e = open_error(&patched(&bytes, entry(kind::CALIBRATION_BUCKETS), &kind::CALIBRATION_GRID.to_le_bytes()));
    assert!(e.kind == ErrorKind::MissingSection && e.message.contains("2, 10, 4"), "{e}");
    // The bucket index with the wrong element size.
    let e = open_error(&patched(&bytes, entry(kind::CALIBRATION_BUCKETS) + 4, &8u32.to_le_bytes()));
    assert_eq!(e.kind, ErrorKind::BadElementSize, "{e}");
    // Without the knots the calibration sections are incomplete.
    let e = open_error(&patched(&bytes, entry(kind::CALIBRATION_KNOTS), &300u32.to_le_bytes()));
    assert_eq!(e.kind, ErrorKind::MissingSection, "{e}");

    // And the other way round: a format-1 file skips a kind 10 and needs its kind 3.
    let v1 = read("calibration_v1.lut");
    let l1 = Lut::open(&v1).unwrap();
    let grid_entry = 128 + 32 * l1.sections().position(|s| s.kind == kind::CALIBRATION_GRID).unwrap();
    let e = open_error(&patched(&v1, grid_entry, &kind::CALIBRATION_BUCKETS.to_le_bytes()));
    assert!(e.kind == ErrorKind::MissingSection && e.message.contains("2, 3, 4"), "{e}");
    // Relabelled format 2: its 16-byte knots are not format 2's 24.
    assert_eq!(open_error(&patched(&v1, 16, &2u16.to_le_bytes())).kind, ErrorKind::BadElementSize);
}

#[test]
fn structural_errors_have_the_right_kind() {
    for name in ["calibration.lut", "calibration_v1.lut"] {
        structural_errors_of(name);
    }
}

fn structural_errors_of(name: &str) {
    let bytes = read(name);
    let lut = Lut::open(&bytes).unwrap();
    let segments = lut.sections().find(|s| s.kind == mev_lut::kind::CALIBRATION_SEGMENTS).unwrap().offset as usize;

    let mut cycle = bytes.clone();
    cycle[segments + 4..segments + 8].copy_from_slice(&1u32.to_le_bytes());
    cycle[segments + 64 + 4..segments + 64 + 8].copy_from_slice(&0u32.to_le_bytes());
    rechecksum(&mut cycle);
    assert_eq!(Lut::open(&cycle).unwrap_err().kind, ErrorKind::ParentCycle);

    let mut magic = bytes.clone();
    magic[0] = b'X';
    assert_eq!(Lut::open(&magic).unwrap_err().kind, ErrorKind::BadMagic);

    let mut misaligned = bytes.clone();
    misaligned[128 + 8..128 + 16].copy_from_slice(&200u64.to_le_bytes());
    rechecksum(&mut misaligned);
    assert_eq!(Lut::open(&misaligned).unwrap_err().kind, ErrorKind::BadSectionPlacement);
}

#[test]
fn a_damaged_key_index_is_rejected_not_trusted() {
    for name in ["calibration.lut", "calibration_v1.lut"] {
        damaged_key_index_of(name);
    }
}

fn damaged_key_index_of(name: &str) {
    let bytes = read(name);
    let lut = Lut::open(&bytes).unwrap();
    let index = lut.sections().find(|s| s.kind == mev_lut::kind::KEY_INDEX).unwrap();
    let (at, slots) = (index.offset as usize, index.row_count as usize);
    let filled: Vec<usize> = (0..slots).filter(|i| bytes[at + 8 * i..at + 8 * i + 4] != [0xFF; 4]).collect();
    let empty = (0..slots).find(|i| !filled.contains(i)).unwrap();

    // A slot moved away from where probing finds it.
    let mut moved = bytes.clone();
    let from = at + 8 * filled[0];
    let slot: Vec<u8> = moved[from..from + 8].to_vec();
    moved[from..from + 8].copy_from_slice(&[0xFF; 8]);
    moved[at + 8 * empty..at + 8 * empty + 8].copy_from_slice(&slot);
    rechecksum(&mut moved);
    let e = Lut::open(&moved).unwrap_err();
    assert!(e.kind == ErrorKind::BadRecord && e.message.contains("key index"), "{e}");

    // A curve column that disagrees with the segments' own resolution.
    let mut wrong = bytes.clone();
    let curve = at + 8 * filled[1] + 4;
    let value = u32::from_le_bytes(wrong[curve..curve + 4].try_into().unwrap());
    wrong[curve..curve + 4].copy_from_slice(&(if value == u32::MAX { 0 } else { u32::MAX }).to_le_bytes());
    rechecksum(&mut wrong);
    let e = Lut::open(&wrong).unwrap_err();
    assert!(e.kind == ErrorKind::BadRecord && e.message.contains("curve"), "{e}");
}

#[test]
fn ev_keys_never_resolve_to_p_land_curves() {
    // The legacy golden table has p_land curves and "*" but no ev: segment at all.
    let bytes = read("legacy_noindex.lut");
    let lut = Lut::open(&bytes).unwrap();
    assert!(lut.calibrate("nosuch/9", 0.5).is_some(), "p_land keys still fall back to *");
    assert!(lut.curve("ev:nosuch/9").is_none());
    let bytes = read("calibration.lut");
    let lut = Lut::open(&bytes).unwrap();
    assert_eq!(lut.curve("ev:nosuch/9").unwrap().key(), "ev:*");
    assert_eq!(lut.curve("ev:jito/7").unwrap().key(), "ev:jito");
    let bytes = read("calibration_v1.lut");
    let lut = Lut::open(&bytes).unwrap();
    assert_eq!(lut.curve("ev:jito/7").unwrap().key(), "ev:jito", "format 1 resolves the same way");
}
