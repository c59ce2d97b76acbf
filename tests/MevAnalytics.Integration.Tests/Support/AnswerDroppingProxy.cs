using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MevAnalytics.Integration.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of ClickHouse's HTTP port that, for the first <c>drops</c> requests whose head
/// contains <c>INSERT</c>, forwards the request, waits until the server has answered (so the insert is applied) and
/// then closes the client's connection instead of passing the answer on: the client sees a failed request that in
/// fact succeeded, as after a timeout or a reset on the way back.
/// </summary>
public sealed class AnswerDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private int _dropsLeft;
    private readonly Task _accepting;

    public AnswerDroppingProxy(int upstreamPort, int drops)
    {
        _upstreamPort = upstreamPort;
        _dropsLeft = drops;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answers dropped so far.</summary>
    public int Dropped { get; private set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort);
        var fromClient = client.GetStream();
        var toServer = upstream.GetStream();
        var drop = false;
        var up = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var first = true;
            int n;
            while ((n = await fromClient.ReadAsync(buffer)) > 0)
            {
                if (first && Encoding.ASCII.GetString(buffer, 0, Math.Min(n, 4096))
                        .Contains("INSERT", StringComparison.OrdinalIgnoreCase)
                    && Interlocked.Decrement(ref _dropsLeft) >= 0)
                    drop = true;
                first = false;
                await toServer.WriteAsync(buffer.AsMemory(0, n));
            }
        });
        var answer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await toServer.ReadAsync(answer)) > 0)
            {
                if (drop)
                {
                    Dropped++;
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close(); // reset: the answer never reaches the client
                    return;
                }
                await fromClient.WriteAsync(answer.AsMemory(0, n));
            }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        await Task.WhenAny(up, Task.Delay(100));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
