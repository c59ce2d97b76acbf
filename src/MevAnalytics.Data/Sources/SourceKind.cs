namespace MevAnalytics.Data.Sources;

/// <summary>
/// One kind of input the jobs read (sends, latency probes): our own table, the view that stands for a mapped table,
/// the rollup its materialized view feeds, and its roles in the column order of our table.
/// </summary>
/// <param name="Key">Configuration section under <c>Sources</c>: <c>Landing</c> or <c>Latency</c>.</param>
/// <param name="OwnTable">Our table, read when nothing is mapped.</param>
/// <param name="View">The view over a mapped table, with our column names and types.</param>
/// <param name="Roles">Every role.</param>
public sealed record SourceKind(string Key, string OwnTable, string View, IReadOnlyList<SourceRole> Roles)
{
    /// <summary>Sends: <c>landing_events</c>, or <c>landing_source</c> over a mapped table.</summary>
    public static SourceKind Landing { get; } = new("Landing", "landing_events", "landing_source",
    [
        new("Ts", "ts", "DateTime64(3, 'UTC')", RoleKind.Time, true, "toDateTime64(0, 3, 'UTC')",
            "UTC time of the send",
            "(required)"),
        new("Slot", "slot", "UInt64", RoleKind.Integer, false, "toUInt64(0)", "Solana slot",
            "nothing today (no job reads slot)"),
        new("Leader", "leader", "String", RoleKind.Text, false, "''", "leader identity",
            "phase: not available; report: no phase section"),
        new("LeaderGroup", "leader_group", "String", RoleKind.Text, false, "''", "leader group",
            "bandit with Bandit:Model:GroupByLeader: not available"),
        new("Route", "route", "String", RoleKind.Text, false, "''", "send route",
            "calibrate: global curves only; bandit: not available"),
        new("TipArm", "tip_arm", "UInt8", RoleKind.Integer, false, "toUInt8(0)",
            "tip arm index 0..255 (or derived from TipLamports by TipArmBuckets)",
            "calibrate: per-route curves only (no route/arm); bandit: not available"),
        new("TipLamports", "tip_lamports", "UInt64", RoleKind.Integer, false, "toUInt64(0)", "lamports (1e-9 SOL)",
            "bandit: not available (EV per arm is net of tips)"),
        new("Score", "p_land_est", "Float64", RoleKind.Number, false, "toFloat64(0)",
            "predicted landing probability, [0, 1]",
            "calibrate: not available"),
        new("EvEst", "ev_est_sol", "Float64", RoleKind.Number, false, "toFloat64(0)", "SOL, estimated EV",
            "calibrate: not available (unless Calibration:FitEv = false: p_land curves only)"),
        new("Propensity", "propensity", "Float64", RoleKind.Number, false, "toFloat64(0)", "(0, 1], logging policy",
            "bandit: off-policy evaluation skipped (summary and report say why)"),
        new("PhaseOffsetMs", "phase_offset_ms", "Float32", RoleKind.Number, false, "toFloat32(0)", "ms into the slot",
            "phase: not available; report: no phase section"),
        new("Landed", "landed", "UInt8", RoleKind.Flag, true, "toUInt8(0)", "0 or 1",
            "(required)"),
        new("Payoff", "payoff_sol", "Float64", RoleKind.Number, false, "toFloat64(0)", "SOL, >= 0, gross of tip",
            "calibrate: not available (unless Calibration:FitEv = false); bandit: not available (EV per arm)"),
        new("LandLatencyMs", "land_latency_ms", "Nullable(Float32)", RoleKind.NullableNumber, false,
            "CAST(NULL AS Nullable(Float32))", "ms, NULL when not landed",
            "phase: not available (Kalman fits need land latencies)"),
        new("Policy", "policy", "String", RoleKind.Text, false, "''", "logging policy name",
            "nothing today (no job reads policy)"),
    ]);

    /// <summary>Latency probes: <c>latency_samples</c>, or <c>latency_source</c> over a mapped table.</summary>
    public static SourceKind Latency { get; } = new("Latency", "latency_samples", "latency_source",
    [
        new("Ts", "ts", "DateTime64(3, 'UTC')", RoleKind.Time, true, "toDateTime64(0, 3, 'UTC')",
            "UTC time of the probe",
            "(required)"),
        new("Route", "route", "String", RoleKind.Text, true, "''", "send route",
            "(required)"),
        new("Endpoint", "endpoint", "String", RoleKind.Text, true, "''", "endpoint probed",
            "(required)"),
        new("RttMs", "rtt_ms", "Float64", RoleKind.Number, true, "toFloat64(0)", "ms round trip",
            "(required)"),
        new("Ok", "ok", "UInt8", RoleKind.Flag, true, "toUInt8(0)", "1 = success, 0 = error",
            "(required)"),
    ]);

    /// <summary>Both kinds.</summary>
    public static IReadOnlyList<SourceKind> All { get; } = [Landing, Latency];

    /// <summary>The role whose key is <paramref name="key"/>, or null. Keys are matched in PascalCase or snake_case,
    /// in any letter case (<c>EvEst</c>, <c>ev_est</c>, <c>EV_EST</c>), as operators write them in environment
    /// variables.</summary>
    public SourceRole? Role(string key) =>
        Roles.FirstOrDefault(r => string.Equals(Spelling(r.Key), Spelling(key), StringComparison.Ordinal));

    /// <summary>A role key with case and underscores left out, so that its spellings compare equal.</summary>
    public static string Spelling(string key) => key.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
