using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Schema;

namespace MevAnalytics.Integration.Tests.Engine;

/// <summary>One real embedded ClickHouse engine per test collection, on a fresh data folder, migrated.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mev-it-" + Guid.NewGuid().ToString("N")[..8]);
    public EmbeddedClickHouse Engine { get; private set; } = null!;
    public ClickHouseOptions Options { get; } = new() { Database = "mev", CompressInserts = false };
    public ClickHouseGateway Db { get; private set; } = null!;
    public ClickHouseGateway Server { get; private set; } = null!;
    public SchemaLayout Layout => new(Options.Database, null);

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = DataDirectory });
        Server = new ClickHouseGateway(Engine.ConnectionString(), Options, useDatabase: false);
        Db = new ClickHouseGateway(Engine.ConnectionString(), Options);
        await MigrationRunner.ApplyAsync(Server, Layout);
    }

    public async Task DisposeAsync()
    {
        Db.Dispose();
        Server.Dispose();
        await Engine.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "embedded engine";
}
