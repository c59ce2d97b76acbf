namespace MevAnalytics.Fitting;

/// <summary>The rule for text keys that become LUT keys (route, endpoint, leader): non-empty, valid UTF-8 and free of
/// control characters. ClickHouse strings are bytes; a decoder turns invalid UTF-8 into U+FFFD, so that character
/// marks a key that was not valid UTF-8 in the source.</summary>
public static class KeyText
{
    /// <summary>Why <paramref name="key"/> cannot be a key (a phrase after the column name), or null.</summary>
    public static string? Problem(string? key) =>
        string.IsNullOrWhiteSpace(key) ? "is empty"
        : key.Contains('\uFFFD') ? "is not valid UTF-8"
        : key.Any(char.IsControl) ? "holds a control character"
        : null;
}
