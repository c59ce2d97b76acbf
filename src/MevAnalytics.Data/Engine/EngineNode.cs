namespace MevAnalytics.Data.Engine;

/// <summary>What makes an embedded engine a node of a local cluster: its native TCP port (the other nodes reach it
/// there) and the cluster's <c>remote_servers</c> configuration.</summary>
/// <param name="TcpPort">Native protocol port on 127.0.0.1.</param>
/// <param name="RemoteServersXml">The <c>&lt;remote_servers&gt;</c> element naming every shard.</param>
public sealed record EngineNode(int TcpPort, string RemoteServersXml);
