using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MevAnalytics.Lut.Tests;

/// <summary>tests/golden/lut: content definitions, the LUT files the writer made from them, and the expected
/// lookups.</summary>
internal static class GoldenFiles
{
    public static readonly string[] ContentNames = ["calibration", "bandit", "ops"];
    public const uint UnknownKind = 200;
    public static byte[] UnknownPayload => Encoding.UTF8.GetBytes("a section kind from the future");

    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "golden", "lut");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/golden/lut not found above " + AppContext.BaseDirectory);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static LutContent Content(string name) =>
        JsonSerializer.Deserialize<LutContent>(File.ReadAllBytes(Path.Combine(Directory, name + ".content.json")), Json)
        ?? throw new InvalidDataException(name);

    /// <summary>What each golden .lut must contain, built by the writer under test.</summary>
    public static IEnumerable<(string File, byte[] Bytes)> Expected()
    {
        foreach (var name in ContentNames) yield return (name + ".lut", LutWriter.Write(Content(name)));
        yield return ("unknown_section.lut",
            SampleLuts.WithExtraSection(LutWriter.Write(Content("calibration")), UnknownKind, UnknownPayload));
    }

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    public static JsonElement Cases() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "cases.json"))).RootElement.GetProperty("cases");
}
