namespace MevAnalytics.Data.Sources;

/// <summary>What ClickHouse types a role accepts; each family converts to the role's own column type in the
/// view.</summary>
public enum RoleKind
{
    /// <summary>DateTime or DateTime64 of any precision, converted with <c>CAST(x AS DateTime64(3, 'UTC'))</c>, which
    /// ClickHouse knows to be monotonic: a window on the view's <c>ts</c> still prunes the mapped table's primary
    /// key when it is ordered by that column (<c>toDateTime64(x, 3, 'UTC')</c> is not analysed so).</summary>
    Time,

    /// <summary>Any integer, float or decimal, converted to Float64 (or Float32 where our column is).</summary>
    Number,

    /// <summary>A number that may be NULL (our <c>land_latency_ms</c>).</summary>
    NullableNumber,

    /// <summary>Any integer, converted to UInt8 or UInt64.</summary>
    Integer,

    /// <summary>An outcome flag: Bool or an integer. Anything but 0 and 1 becomes 2, which the input rules
    /// reject.</summary>
    Flag,

    /// <summary>String, FixedString, LowCardinality(String) or an Enum, converted with <c>toString</c>.</summary>
    Text,
}
