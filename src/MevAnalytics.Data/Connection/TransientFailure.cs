using System.Net;
using System.Net.Sockets;
using ClickHouse.Driver;

namespace MevAnalytics.Data.Connection;

/// <summary>Decides which failures are worth retrying: the network, timeouts, overload; never a bad query.</summary>
public static class TransientFailure
{
    // ClickHouse error codes that describe load or the network rather than the statement.
    private static readonly HashSet<int> TransientCodes =
    [
        159, // TIMEOUT_EXCEEDED
        202, // TOO_MANY_SIMULTANEOUS_QUERIES
        209, // SOCKET_TIMEOUT
        210, // NETWORK_ERROR
        279, // ALL_CONNECTION_TRIES_FAILED
        285, // TOO_FEW_LIVE_REPLICAS
        394, // QUERY_WAS_CANCELLED (server shutting down)
        425, // SYSTEM_ERROR
    ];

    /// <summary>True when a retry may succeed.</summary>
    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException when ct.IsCancellationRequested => false,
        TaskCanceledException => true, // HTTP timeout
        HttpRequestException { StatusCode: null } => true, // connection refused/reset
        HttpRequestException { StatusCode: { } s } =>
            s is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                or HttpStatusCode.TooManyRequests,
        SocketException => true,
        IOException => true,
        ClickHouseServerException server => TransientCodes.Contains(server.ErrorCode),
        _ when e.InnerException is { } inner => IsTransient(inner, ct),
        _ => false,
    };
}
