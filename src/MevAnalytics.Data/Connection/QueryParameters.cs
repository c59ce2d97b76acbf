using ClickHouse.Driver.ADO.Parameters;

namespace MevAnalytics.Data.Connection;

/// <summary>Named values for a statement's <c>{name:Type}</c> placeholders; the server does the substitution.</summary>
public sealed class QueryParameters
{
    private readonly List<(string Name, object Value)> _values = [];

    /// <summary>Adds a value for <c>{name:Type}</c>.</summary>
    public QueryParameters Add(string name, object value)
    {
        _values.Add((name, value));
        return this;
    }

    internal ClickHouseParameterCollection ToCollection()
    {
        var collection = new ClickHouseParameterCollection();
        foreach (var (name, value) in _values)
            collection.Add(new ClickHouseDbParameter { ParameterName = name, Value = value });
        return collection;
    }
}
