using System.Text.Json;

namespace MevAnalytics.Data.Engine;

/// <summary>
/// <c>engine.json</c> in the data folder: where the running engine listens and which process hosts it. Written only
/// by the process that started the engine, readable only by its owner (mode 0600).
/// </summary>
internal sealed record EngineEndpoint(int Port, int Pid)
{
    public const string FileName = "engine.json";

    public static EngineEndpoint? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<EngineEndpoint>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string path)
    {
        var tmp = path + ".tmp";
        OwnerOnlyFile.Write(tmp, JsonSerializer.Serialize(this));
        File.Move(tmp, path, overwrite: true);
    }
}
