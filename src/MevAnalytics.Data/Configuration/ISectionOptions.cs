namespace MevAnalytics.Data.Configuration;

/// <summary>
/// An options class bound from one configuration section that checks itself: <see cref="Validate"/> throws an
/// <see cref="ArgumentException"/> naming the first invalid key (<c>Section:Key</c>) and its value.
/// <see cref="SectionOptions"/> binds and validates every such class the same way in the host, the CLI and the jobs.
/// </summary>
public interface ISectionOptions
{
    /// <summary>Configuration section the class binds from.</summary>
    static abstract string Section { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid key and its value.</summary>
    void Validate();
}
