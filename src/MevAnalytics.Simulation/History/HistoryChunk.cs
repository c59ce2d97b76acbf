namespace MevAnalytics.Simulation.History;

/// <summary>One hour of simulated history and the truth accumulated over it.</summary>
public sealed record HistoryChunk(int Index, LandingEventBatch Landing, LatencySampleBatch Latency, TruthTally Truth);
