using System.Diagnostics;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.ADO.Readers;
using Polly;

namespace MevAnalytics.Data.Connection;

/// <summary>
/// The one way the jobs talk to ClickHouse: parameterised statements (<c>{name:Type}</c> placeholders, never spliced
/// values), retried with backoff on transient failures, with errors that name the server but never its password.
/// </summary>
public sealed class ClickHouseGateway : IDisposable
{
    private readonly ClickHouseClient _client;
    private readonly ClickHouseOptions _options;
    private readonly ResiliencePipeline _retry;

    public ClickHouseGateway(string connectionString, ClickHouseOptions options, bool useDatabase = true)
    {
        options.Validate();
        _options = options;
        _retry = ClickHouseRetry.Pipeline(options);
        var settings = new ClickHouseClientSettings(connectionString)
        {
            Timeout = options.CommandTimeout,
            UseCompression =
                options.CompressResults ?? !LoopbackHost.Is(new ClickHouseClientSettings(connectionString).Host),
        };
        if (useDatabase) settings.Database = options.Database;
        _client = new ClickHouseClient(settings);
        Endpoint = $"{settings.Protocol}://{settings.Host}:{settings.Port} " +
            $"(user {settings.Username}, database {settings.Database})";
    }

    /// <summary>Where this gateway points, safe to log (no password).</summary>
    public string Endpoint { get; }

    /// <summary>Database holding the tables.</summary>
    public string Database => _options.Database;

    /// <summary>Cluster name when the schema is sharded, else null.</summary>
    public string? Cluster => _options.Cluster;

    /// <summary>The driver's client, for bulk inserts through <see cref="InsertRawAsync"/> only.</summary>
    internal ClickHouseClient Client => _client;

    /// <summary>Runs a statement that returns no rows.</summary>
    public Task ExecuteAsync(string sql, QueryParameters? parameters = null, CancellationToken ct = default) =>
        WithRetryAsync(sql, () => _client.ExecuteNonQueryAsync(sql, parameters?.ToCollection(), null, ct), ct);

    /// <summary>Runs a statement and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql, QueryParameters? parameters = null, CancellationToken ct = default)
    {
        var value = await WithRetryAsync(sql,
            () => _client.ExecuteScalarAsync(sql, parameters?.ToCollection(), null, ct), ct);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query and maps every row. The whole query is retried, so
    /// <paramref name="map"/> must be pure.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, QueryParameters? parameters, Func<ClickHouseDataReader, T> map,
        CancellationToken ct = default) =>
        WithRetryAsync(sql, async () =>
        {
            var rows = new List<T>();
            using var reader = await _client.ExecuteReaderAsync(sql, parameters?.ToCollection(), null, ct);
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }, ct);

    /// <summary>Streams a large result row by row through <paramref name="onRow"/>. Retried only until the first row
    /// arrives; a failure after that surfaces, since rows were already consumed.</summary>
    public async Task<long> StreamAsync(string sql, QueryParameters? parameters, Action<ClickHouseDataReader> onRow,
        CancellationToken ct = default)
    {
        var reader = await WithRetryAsync(sql,
            () => _client.ExecuteReaderAsync(sql, parameters?.ToCollection(), null, ct), ct);
        using (reader)
        {
            long n = 0;
            try
            {
                while (reader.Read())
                {
                    onRow(reader);
                    n++;
                }
            }
            catch (Exception e) when (TransientFailure.IsTransient(e, ct))
            {
                throw new ClickHouseUnavailableException(
                    $"ClickHouse at {Endpoint} stopped answering after {n:N0} rows ({Describe(e)}): the server " +
                    $"closed the connection mid-result (stopped, crashed or restarted) running: {Abbreviate(sql)}", e);
            }
            return n;
        }
    }

    /// <summary>Runs an operator's query and copies ClickHouse's own answer, in <paramref name="format"/> unless the
    /// query names one (<c>default_format</c>), to <paramref name="output"/>, with times in ISO 8601
    /// (<c>date_time_output_format = iso</c>). Retried until the answer starts; not after, since bytes were
    /// written.</summary>
    public async Task CopyResultAsync(string sql, string format, Stream output, CancellationToken ct = default)
    {
        var options = new QueryOptions
        {
            CustomSettings = new Dictionary<string, object>
            {
                ["default_format"] = format,
                ["date_time_output_format"] = "iso",
            },
        };
        using var result = await WithRetryAsync(sql, () => _client.ExecuteRawResultAsync(sql, options, ct), ct);
        await result.CopyToAsync(output);
    }

    /// <summary>
    /// Inserts data already encoded in <paramref name="format"/> (e.g. RowBinary) from a stream. Every attempt carries
    /// the same <c>insert_deduplication_token</c>, so a retry after a request the server already applied (the answer
    /// was lost to a timeout or a dropped connection) is recognised and not written twice (the tables keep a
    /// deduplication window, migration 6).
    /// </summary>
    public Task InsertRawAsync(string table, IReadOnlyList<string> columns, string format, Func<Stream> open,
        CancellationToken ct = default)
    {
        var options = Deduplicated();
        return WithRetryAsync($"INSERT INTO {table}", async () =>
        {
            await using var stream = open();
            using var _ = await _client.InsertRawStreamAsync(table, stream, format, columns,
                useCompression: _options.CompressInserts, options, ct);
            return 0;
        }, ct);
    }

    /// <summary>Runs an <c>INSERT … SELECT/VALUES</c> statement, retried under one deduplication token (see
    /// <see cref="InsertRawAsync"/>), so it lands exactly once.</summary>
    public Task InsertAsync(string sql, QueryParameters? parameters = null, CancellationToken ct = default)
    {
        var options = Deduplicated();
        return WithRetryAsync(sql,
            () => _client.ExecuteNonQueryAsync(sql, parameters?.ToCollection(), options, ct), ct);
    }

    private static QueryOptions Deduplicated() => new()
    {
        CustomSettings = new Dictionary<string, object>
        {
            ["insert_deduplicate"] = 1,
            ["insert_deduplication_token"] = Guid.NewGuid().ToString("N"),
            // Without it a repeated block is dropped from the table but still fed to its materialized views (rollups).
            ["deduplicate_blocks_in_dependent_materialized_views"] = 1,
            // Through a Distributed table the rows reach their shards before the insert returns, so counts are exact
            // when a load finishes (a plain table ignores the setting).
            ["distributed_foreground_insert"] = 1,
        },
    };

    /// <summary>True when <c>SELECT 1</c> answers within the retry budget.</summary>
    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            return await ScalarAsync<int>("SELECT 1", null, ct) == 1;
        }
        catch (ClickHouseUnavailableException)
        {
            return false;
        }
    }

    // Every statement runs through the one retry pipeline (ClickHouseRetry); what it gives up on is reported with the
    // attempts made, the endpoint and the statement, never the connection string.
    private async Task<T> WithRetryAsync<T>(string sql, Func<Task<T>> action, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(async _ =>
            {
                attempts++;
                return await action();
            }, ct);
        }
        catch (Exception e) when (TransientFailure.IsTransient(e, ct))
        {
            throw new ClickHouseUnavailableException(
                $"ClickHouse at {Endpoint} failed {attempts} times over {clock.Elapsed.TotalSeconds:0.0} s " +
                $"({Describe(e)}) running: {Abbreviate(sql)}", e);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } =>
            "the server closed the connection before its answer ended",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h =>
            $"cannot connect: {h.InnerException?.Message ?? h.Message}",
        HttpRequestException { InnerException: { } inner } h => $"{h.Message} {inner.Message}".Trim(),
        _ => e.Message,
    };

    private static string Abbreviate(string sql)
    {
        var oneLine = string.Join(' ',
            sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 120 ? oneLine : oneLine[..117] + "...";
    }

    public void Dispose() => _client.Dispose();
}
