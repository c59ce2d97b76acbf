namespace MevAnalytics.Data.Engine;

/// <summary>The files of one embedded engine inside its data folder.</summary>
internal sealed record EngineFolder(string DataDirectory)
{
    public string StartLock => Path.Combine(DataDirectory, ".start.lock");

    public string Leases => Path.Combine(DataDirectory, "leases");

    public string EndpointFile => Path.Combine(DataDirectory, EngineEndpoint.FileName);

    public string LogFile => Path.Combine(DataDirectory, "engine.log");

    public string ConfigFile => Path.Combine(DataDirectory, "engine-config.xml");

    public string UsersFile => Path.Combine(DataDirectory, "engine-users.xml");
}
