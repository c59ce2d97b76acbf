namespace MevAnalytics.Data.Connection;

/// <summary>ClickHouse could not be reached, or kept failing transiently, for the whole retry budget.</summary>
public sealed class ClickHouseUnavailableException(string message, Exception inner) : Exception(message, inner);
