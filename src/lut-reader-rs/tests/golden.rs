//! The reference reader against tests/golden/lut: every case in cases.txt, plus mutated and truncated files.

use mev_lut::{ErrorKind, Lut};
use std::collections::HashMap;
use std::path::PathBuf;

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
                let got = curve.calibrate(num(t[3]));
                assert!((got - num(t[4])).abs() <= 1e-12, "{line}: got {got}");
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
    assert!(Lut::open(&read("calibration.lut")).unwrap().has_key_index());
    assert!(!Lut::open(&read("legacy_noindex.lut")).unwrap().has_key_index(), "the legacy file reads by binary search");
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
        for s in [-1.0, 0.0, 0.5, 1.0, 2.0, f64::NAN] {
            let _ = c.calibrate(s);
        }
        let _ = lut.calibrate(c.key(), 0.5);
        for k in 0..c.knot_count() {
            let _ = c.knot(k);
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
    for name in ["calibration.lut", "bandit.lut", "ops.lut", "unknown_section.lut", "legacy_noindex.lut"] {
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
    let bytes = read("calibration.lut");
    for at in 0..bytes.len() {
        let mut m = bytes.clone();
        m[at] ^= 0x5A;
        assert!(Lut::open(&m).is_err(), "flip at {at} accepted");
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
    for name in ["calibration.lut", "bandit.lut", "ops.lut", "unknown_section.lut", "legacy_noindex.lut"] {
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

#[test]
fn structural_errors_have_the_right_kind() {
    let bytes = read("calibration.lut");
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
    let bytes = read("calibration.lut");
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
}
