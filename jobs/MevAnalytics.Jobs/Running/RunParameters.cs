using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// What a run was asked to do, recorded in <c>job_runs.params</c> so two runs can be compared (<c>mev runs
/// compare</c>): the job's options section flattened to <c>Section:Key</c> = value (windows, half-life, segments,
/// resolutions, gate tolerances, ...), plus the build revision and a fingerprint of the source mapping.
/// </summary>
public static class RunParameters
{
    /// <summary>Key of the build revision.</summary>
    public const string Revision = "revision";

    /// <summary>Key of the source mapping fingerprint (<c>none</c> when nothing is mapped).</summary>
    public const string Sources = "sources";

    /// <summary><paramref name="options"/> flattened under <paramref name="section"/>, as configuration keys.</summary>
    public static Dictionary<string, string> Of(string section, object options)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(section, JsonSerializer.SerializeToElement(options, options.GetType()), result);
        return result;
    }

    /// <summary>The run's parameters: the job's own and the build's and mapping's.</summary>
    public static Dictionary<string, string> For(IAnalyticsJob job, JobContext context)
    {
        var result = job.Parameters(context.Settings);
        result[Revision] = context.Revision;
        result[Sources] = context.Store?.Sources is { AnyMapped: true } sources
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                JsonSerializer.Serialize(sources))))[..12]
            : "none";
        return result;
    }

    private static void Flatten(string key, JsonElement value, Dictionary<string, string> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject()) Flatten($"{key}:{p.Name}", p.Value, into);
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in value.EnumerateArray())
                    Flatten(string.Create(CultureInfo.InvariantCulture, $"{key}:{i++}"), item, into);
                break;
            case JsonValueKind.String:
                into[key] = value.GetString()!;
                break;
            case JsonValueKind.Null:
                into[key] = "";
                break;
            default:
                into[key] = value.GetRawText();
                break;
        }
    }
}
