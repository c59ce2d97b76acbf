using Xunit;

namespace MevAnalytics.Oracles.Python;

/// <summary>A theory that is skipped, with the reason, when Debian's /usr/bin/python3 cannot import sklearn.</summary>
public sealed class SklearnTheoryAttribute : TheoryAttribute
{
    public SklearnTheoryAttribute()
    {
        if (SklearnFactAttribute.Unavailable.Value is { } reason) Skip = reason;
    }
}
