namespace MevAnalytics.Lut;

/// <summary>Points inside a publish where a fault-injection hook runs
/// (tests simulate a crash by throwing there).</summary>
public enum LutPublishStage
{
    /// <summary>Table temp file written and fsynced, not yet renamed.</summary>
    TableTempWritten,
    /// <summary>Table file renamed into place; no manifest yet.</summary>
    TableRenamed,
    /// <summary>Companion files (summary, snapshot) renamed into place; no manifest yet.</summary>
    CompanionsWritten,
    /// <summary>Manifest in place; current not yet updated.</summary>
    ManifestWritten,
    /// <summary>current.tmp written, not yet renamed over current.</summary>
    CurrentTempWritten,
    /// <summary>current updated; old versions not yet pruned.</summary>
    CurrentUpdated,
}
