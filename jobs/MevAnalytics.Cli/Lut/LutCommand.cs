using System.CommandLine;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut …</c>: list, inspect, verify, look up, diff, export and roll back published tables. (The
/// lookup bench and the reader's fuzzer are <c>mev lut bench</c> and <c>mev lut fuzz</c> of the bench tool.)</summary>
public static class LutCommand
{
    /// <summary>Builds the <c>lut</c> command tree.</summary>
    public static Command Create() => new("lut",
        "Versioned lookup tables: list, inspect, verify, look up, diff, export, roll back")
    {
        LutListCommand.Create(),
        LutInspectCommand.Create(),
        LutVerifyCommand.Create(),
        LutLookupCommand.Create(),
        LutDiffCommand.Create(),
        LutExportCommand.Create(),
        LutRollbackCommand.Create(),
    };
}
