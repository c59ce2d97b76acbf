namespace MevAnalytics.Lut;

/// <summary>A file that is not a valid LUT; <see cref="Reason"/> says which rule failed, the message names the
/// field.</summary>
public sealed class LutFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LutFormatException(LutFormatError reason, string message) : base($"{reason}: {message}") => Reason = reason;

    /// <summary>The rule that failed.</summary>
    public LutFormatError Reason { get; }
}
