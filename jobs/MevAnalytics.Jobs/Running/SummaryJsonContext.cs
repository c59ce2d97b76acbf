using System.Text.Json.Serialization;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Phase;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// The serialisation of every job's summary document (System.Text.Json source generation): indented, camelCase,
/// enums by name, non-finite numbers as the strings <c>NaN</c> / <c>Infinity</c>. The jobs write with it and the
/// report, <c>/metrics</c> and the notebooks read with it, so a property renamed in a summary record is renamed for
/// every reader by the compiler.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SummaryDocument<CalibrationSummary>))]
[JsonSerializable(typeof(SummaryDocument<BanditSummary>))]
[JsonSerializable(typeof(SummaryDocument<LatencySummary>))]
[JsonSerializable(typeof(SummaryDocument<PhaseSummary>))]
public sealed partial class SummaryJsonContext : JsonSerializerContext;
