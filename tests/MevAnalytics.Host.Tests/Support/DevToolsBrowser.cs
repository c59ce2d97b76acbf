using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>
/// Headless Debian chromium driven over the DevTools protocol (a WebSocket on loopback): loads a page and reports
/// every request it made, console errors and uncaught exceptions, the natural size of every image, and a full-page
/// screenshot kept under TestResults/. Used where <see cref="Chromium"/>'s DOM dump cannot see what happened.
/// </summary>
public sealed class DevToolsBrowser : IAsyncDisposable
{
    public sealed record PageLoad(IReadOnlyList<string> RequestUrls, IReadOnlyList<string> ConsoleErrors,
        IReadOnlyList<(int Width, int Height, string Alt)> Images, string Text, string ScreenshotPath);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    private DevToolsBrowser(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<DevToolsBrowser> StartAsync()
    {
        Assert.True(File.Exists(Chromium.Binary), $"{Chromium.Binary} is missing: run scripts/prerequisites.sh");
        var profile = Directory.CreateTempSubdirectory("mev-cdp-");
        var start = new ProcessStartInfo(Chromium.Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,900",
                     $"--user-data-dir={profile.FullName}", "about:blank" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var browser = new DevToolsBrowser(process, profile);
        try
        {
            // Chromium writes the chosen port and the browser endpoint's path here once it listens.
            var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
            await Poll.UntilAsync(() => File.Exists(portFile) && File.ReadAllLines(portFile).Length >= 2,
                TimeSpan.FromSeconds(30), "chromium did not open its DevTools port");
            var lines = await File.ReadAllLinesAsync(portFile);
            await browser._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"),
                CancellationToken.None);
            browser._reader = Task.Run(browser.ReadLoopAsync);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads <paramref name="url"/> in a new tab, waits for its load event, and collects what
    /// happened.</summary>
    public async Task<PageLoad> LoadAsync(string url, string screenshotName)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Network.enable", "Runtime.enable", "Log.enable", "Page.enable" })
            await SendAsync(domain, new JsonObject(), session);
        while (_events.TryDequeue(out _)) { }

        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        await Poll.UntilAsync(
            () => _events.Any(e => (string?)e["method"] == "Page.loadEventFired" && (string?)e["sessionId"] == session),
            TimeSpan.FromSeconds(60), $"{url} did not finish loading");

        var images = await EvaluateAsync(session,
            "JSON.stringify(Array.from(document.images)" +
            ".map(i => [i.naturalWidth, i.naturalHeight, i.alt || i.src.slice(0, 40)]))");
        var text = await EvaluateAsync(session, "document.body ? document.body.innerText : ''");
        var size = await EvaluateAsync(session,
            "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.scrollHeight])");
        var dims = JsonNode.Parse(size)!.AsArray();
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject
            {
                ["x"] = 0,
                ["y"] = 0,
                ["width"] = dims[0]!.GetValue<int>(),
                ["height"] = dims[1]!.GetValue<int>(),
                ["scale"] = 1
            },
        }, session);
        var results = Path.Combine(Chromium.ProjectDirectory(), "TestResults");
        Directory.CreateDirectory(results);
        var screenshot = Path.Combine(results, screenshotName);
        await File.WriteAllBytesAsync(screenshot, Convert.FromBase64String(shot["data"]!.GetValue<string>()));

        var events = _events.Where(e => (string?)e["sessionId"] == session).ToArray();
        var requests = events.Where(e => (string?)e["method"] == "Network.requestWillBeSent")
            .Select(e => e["params"]!["request"]!["url"]!.GetValue<string>()).ToArray();
        var errors = events.SelectMany(e => (string?)e["method"] switch
        {
            "Runtime.consoleAPICalled" when (string?)e["params"]!["type"] is "error" or "assert" =>
                [e["params"]!["args"]!.ToJsonString()],
            "Runtime.exceptionThrown" => [e["params"]!["exceptionDetails"]!.ToJsonString()],
            "Log.entryAdded" when (string?)e["params"]!["entry"]!["level"] == "error" =>
                [$"{e["params"]!["entry"]!["text"]} ({e["params"]!["entry"]!["url"]})"],
            _ => Array.Empty<string>(),
        }).ToArray();
        var imageList = JsonNode.Parse(images)!.AsArray()
            .Select(i => (i![0]!.GetValue<int>(), i[1]!.GetValue<int>(), i[2]!.GetValue<string>())).ToArray();
        await SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>() });
        return new PageLoad(requests, errors, imageList, text, screenshot);
    }

    private async Task<string> EvaluateAsync(string session, string expression)
    {
        var result = await SendAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session);
        return result["result"]!["value"]!.GetValue<string>();
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null) message["sessionId"] = session;
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true,
            CancellationToken.None);
        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (answer["error"] is { } error)
            throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}");
        return answer["result"]?.AsObject() ?? new JsonObject();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply))
                    reply.TrySetResult(node);
                else
                    _events.Enqueue(node);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new IOException("DevTools connection closed"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
        if (_reader is not null) await _reader;
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { _profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
