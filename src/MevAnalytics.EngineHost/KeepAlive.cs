namespace MevAnalytics.EngineHost;

/// <summary>
/// The query that keeps clickhouse-local (and with it the HTTP listener) running for ten years, and the one way to end
/// it: cancel it over HTTP, so clickhouse-local shuts down its own way (flushing parts, releasing the data-folder
/// lock). Both the engine host and the last user leaving stop the engine through here.
/// </summary>
public static class KeepAlive
{
    private const string Head = "SELECT sleepEachRow(1) FROM numbers(315360000)";

    /// <summary>The keep-alive query, run after the listeners start.</summary>
    public const string Query = Head + " FORMAT Null SETTINGS max_block_size = 1";

    /// <summary>Asks the engine on 127.0.0.1:<paramref name="port"/> to cancel its keep-alive query; best effort (an
    /// engine already gone is not an error).</summary>
    public static async Task CancelAsync(int port)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var body = new StringContent($"KILL QUERY WHERE query LIKE '{Head}%' SYNC");
            using var _ = await http.PostAsync($"http://127.0.0.1:{port}/", body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
    }
}
